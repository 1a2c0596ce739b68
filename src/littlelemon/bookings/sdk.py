"""The botocore session of the bookings functions: it loads DynamoDB's model only, as plain JSON.

Before a session's default loader reads one model it lists every service botocore ships
(about 440 directories, 880 directory listings) to check the name, and it parses each JSON
file into `OrderedDict`s, which makes botocore's 1.2 MB `endpoints.json` parse about 2.5
times slower. The functions only ever build DynamoDB clients, so their loader knows that
one service; together that is about 30 ms of CPU of every cold start (docs/performance.md).
It uses botocore's extension points only: a `Loader` subclass registered as the session's
`data_loader` component, over the search paths botocore computes itself (`AWS_DATA_PATH`,
`~/.aws/models`, its own data). On Lambda the runtime's botocore loads its own models.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Sequence
from typing import Any

from botocore.loaders import JSONFileLoader, Loader, create_loader
from botocore.session import Session, get_session

SERVICES = ("dynamodb",)  # the table and, for bookings-create, the mailer's outbox

# botocore's own order: a plain `.json` file wins over a `.json.gz` one.
_EXTENSIONS = (".json", ".json.gz")


class PlainJSONFileLoader(JSONFileLoader):
    """botocore's model files parsed into plain dicts, which keep their order as well."""

    def load_file(self, file_path: str) -> Any:
        """The data of `file_path` plus `.json` or `.json.gz`; None if neither exists."""
        for extension in _EXTENSIONS:
            full_path = file_path + extension
            if os.path.isfile(full_path):
                with open(full_path, "rb") as file:
                    raw = file.read()
                if extension.endswith(".gz"):
                    raw = gzip.decompress(raw)
                return json.loads(raw.decode("utf-8"))
        return None


class ServicesLoader(Loader):
    """botocore's loader, aware of `services` only: it looks in their directories alone."""

    FILE_LOADER_CLASS = PlainJSONFileLoader

    def __init__(self, *, search_paths: Sequence[str], services: Sequence[str]) -> None:
        super().__init__(extra_search_paths=list(search_paths), include_default_search_paths=False)
        self.services = tuple(services)

    def list_available_services(self, type_name: str) -> list[str]:
        """Those of `services` that have a `type_name` model (e.g. service-2) in some version."""
        return sorted(
            service
            for service in self.services
            if any(
                self._has_model(os.path.join(path, service), type_name)
                for path in self.search_paths
            )
        )

    def _has_model(self, directory: str, type_name: str) -> bool:
        if not os.path.isdir(directory):
            return False
        return any(
            self.file_loader.exists(os.path.join(directory, version, type_name))
            for version in os.listdir(directory)
        )


def session() -> Session:
    """A new botocore session whose clients load only the models of SERVICES."""
    created = get_session()
    default = create_loader(created.get_config_variable("data_path"))
    created.register_component(
        "data_loader", ServicesLoader(search_paths=default.search_paths, services=SERVICES)
    )
    return created
