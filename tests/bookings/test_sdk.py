"""The bookings functions' botocore session: DynamoDB's models, the same as botocore loads them."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import UnknownServiceError
from botocore.loaders import Loader, create_loader

from littlelemon.bookings import sdk

# Every file a DynamoDB client reads at creation, by botocore's data path.
DATA = ["endpoints", "partitions", "sdk-default-configuration", "_retry"]
MODELS = ["service-2", "endpoint-rule-set-1", "paginators-1", "waiters-2"]


def test_the_session_loads_the_same_dynamodb_models_as_botocores_own_loader() -> None:
    ours = sdk.session().get_component("data_loader")
    botocores = Loader()
    for name in DATA:
        assert ours.load_data(name) == botocores.load_data(name), name
    for type_name in MODELS:
        assert ours.load_service_model("dynamodb", type_name) == botocores.load_service_model(
            "dynamodb", type_name
        ), type_name


def test_the_session_knows_dynamodb_only() -> None:
    session = sdk.session()
    assert session.get_available_services() == ["dynamodb"]
    with pytest.raises(UnknownServiceError):
        session.create_client("s3", region_name="us-east-1")


def test_the_session_searches_the_paths_botocore_would_including_aws_data_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    loader = sdk.session().get_component("data_loader")
    assert loader.search_paths == create_loader(str(tmp_path)).search_paths
    assert loader.search_paths[0] == str(tmp_path)


def test_a_model_under_aws_data_path_is_preferred_as_botocore_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = tmp_path / "dynamodb" / "2999-01-01"
    version.mkdir(parents=True)
    (version / "service-2.json").write_text('{"metadata": {"apiVersion": "2999-01-01"}}')
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    model = sdk.session().get_component("data_loader").load_service_model("dynamodb", "service-2")
    assert model["metadata"]["apiVersion"] == "2999-01-01"
