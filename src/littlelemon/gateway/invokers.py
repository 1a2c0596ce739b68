"""How the local gateway runs a function: in this process, or in Lambda-like worker processes.

Worker mode behaves like Lambda instances: each worker serves one request at a time, is
started (cold) when no idle instance of that function exists, imports the handler before its
first event, and is stopped when it overruns its timeout.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from littlelemon.gateway.routes import Function
from littlelemon.runtime.context import LocalLambdaContext

Handler = Callable[[dict[str, Any], Any], Any]
DEFAULT_MAX_INSTANCES = 4
WORKER_START_TIMEOUT_S = 120.0
TRACE_ENV = "_X_AMZN_TRACE_ID"


class FunctionError(Exception):
    """The function raised, crashed or could not be loaded (the gateway answers 500)."""


class HandlerRaisedError(FunctionError):
    """The handler raised; the instance itself stays warm, as on Lambda."""


class InvocationTimeoutError(Exception):
    """The function did not answer within the time allowed."""


class Invoker(Protocol):
    """Runs one event through one function and returns what the handler returned."""

    def invoke(self, function: Function, event: dict[str, Any], *, timeout_s: float) -> object: ...

    def close(self) -> None: ...


def load_handler(dotted_path: str) -> Handler:
    """The callable named by a Lambda handler setting such as `pkg.module.handler`."""
    module_name, _, attribute = dotted_path.rpartition(".")
    handler: Handler = getattr(importlib.import_module(module_name), attribute)
    return handler


class InProcessInvoker:
    """Calls handlers in the gateway's own process: fast, shares the interpreter, no isolation.

    A thread cannot be stopped, so an overrun is reported after the handler returns.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}
        self._lock = threading.Lock()

    def _handler(self, function: Function) -> Handler:
        with self._lock:
            if function.handler not in self._handlers:
                try:
                    self._handlers[function.handler] = load_handler(function.handler)
                except (ImportError, AttributeError) as error:
                    raise FunctionError(f"cannot load {function.handler}: {error}") from error
            return self._handlers[function.handler]

    def invoke(self, function: Function, event: dict[str, Any], *, timeout_s: float) -> object:
        handler = self._handler(function)
        context = LocalLambdaContext(
            function_name=function.name,
            memory_limit_in_mb=function.memory_mb,
            timeout_s=function.timeout_s,
        )
        started = time.monotonic()
        try:
            result = handler(event, context)
        except Exception as error:
            traceback.print_exc()
            raise FunctionError(f"{type(error).__name__}: {error}") from error
        if time.monotonic() - started > timeout_s:
            raise InvocationTimeoutError(f"{function.name} took longer than {timeout_s} s")
        return result

    def close(self) -> None:
        self._handlers.clear()


def _worker_main(connection: Connection, function: Function) -> None:
    """A worker process: load the handler (the cold start), then serve events one by one."""
    try:
        handler = load_handler(function.handler)
    except Exception as error:
        traceback.print_exc()
        connection.send(("init-error", f"{type(error).__name__}: {error}"))
        return
    connection.send(("ready", None))
    while True:
        try:
            event = connection.recv()
        except EOFError:
            return
        context = LocalLambdaContext(
            function_name=function.name,
            memory_limit_in_mb=function.memory_mb,
            timeout_s=function.timeout_s,
        )
        # Lambda sets the trace id per invocation in the environment (Powertools logs it);
        # a worker is its own process, so it can do the same.
        trace_id = (event.get("headers") or {}).get("x-amzn-trace-id")
        if trace_id:
            os.environ[TRACE_ENV] = trace_id
        try:
            connection.send(("ok", handler(event, context)))
        except Exception as error:
            traceback.print_exc()
            connection.send(("error", f"{type(error).__name__}: {error}"))


class _Worker:
    def __init__(self, function: Function) -> None:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter, like a new instance
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_worker_main, args=(child, function), daemon=True
        )
        self.process.start()
        child.close()
        self.initialised = False

    def call(self, event: dict[str, Any], timeout_s: float) -> object:
        deadline = time.monotonic() + timeout_s
        if not self.initialised:
            # Lambda counts init separately (up to 10 s) but the caller waits for it all the same.
            if not self.connection.poll(WORKER_START_TIMEOUT_S):
                raise InvocationTimeoutError("the function did not finish its init phase")
            self._expect(self.connection.recv(), "ready")
            self.initialised = True
            deadline = time.monotonic() + timeout_s
        self.connection.send(event)
        if not self.connection.poll(max(0.0, deadline - time.monotonic())):
            raise InvocationTimeoutError(f"no answer within {timeout_s} s")
        return self._expect(self.connection.recv(), "ok")

    @staticmethod
    def _expect(message: tuple[str, Any], kind: str) -> object:
        status, payload = message
        if status == "error":
            raise HandlerRaisedError(str(payload))
        if status != kind:
            raise FunctionError(str(payload))
        return payload

    def stop(self) -> None:
        self.connection.close()
        self.process.kill()
        self.process.join(timeout=5)


class WorkerPoolInvoker:
    """Lambda-like instances per function: one request at a time each, cold start on first use."""

    def __init__(self, *, max_instances: int = DEFAULT_MAX_INSTANCES) -> None:
        self.max_instances = max_instances
        self._idle: dict[str, list[_Worker]] = {}
        self._count: dict[str, int] = {}
        self._available = threading.Condition()
        self._closed = False

    def _acquire(self, function: Function) -> _Worker:
        with self._available:
            while True:
                if self._closed:
                    raise FunctionError("the gateway is shutting down")
                idle = self._idle.setdefault(function.name, [])
                if idle:
                    return idle.pop()
                if self._count.get(function.name, 0) < self.max_instances:
                    self._count[function.name] = self._count.get(function.name, 0) + 1
                    break
                self._available.wait()
        try:
            return _Worker(function)
        except OSError as error:
            self._forget(function)
            raise FunctionError(f"cannot start a worker: {error}") from error

    def _forget(self, function: Function) -> None:
        with self._available:
            self._count[function.name] -= 1
            self._available.notify()

    def invoke(self, function: Function, event: dict[str, Any], *, timeout_s: float) -> object:
        worker = self._acquire(function)
        try:
            result = worker.call(event, timeout_s)
        except HandlerRaisedError:
            self._release(worker, function)
            raise
        except (InvocationTimeoutError, FunctionError, OSError, EOFError) as error:
            # Like Lambda after a timeout or crash: this instance is gone, the next is cold.
            worker.stop()
            self._forget(function)
            if isinstance(error, InvocationTimeoutError | FunctionError):
                raise
            raise FunctionError(f"the worker died: {error}") from error
        self._release(worker, function)
        return result

    def _release(self, worker: _Worker, function: Function) -> None:
        with self._available:
            self._idle.setdefault(function.name, []).append(worker)
            self._available.notify()

    def instances(self, function_name: str) -> int:
        """How many instances of the function exist (idle or busy)."""
        with self._available:
            return self._count.get(function_name, 0)

    def close(self) -> None:
        with self._available:
            self._closed = True
            workers = [worker for idle in self._idle.values() for worker in idle]
            self._idle.clear()
            self._available.notify_all()
        for worker in workers:
            worker.stop()
