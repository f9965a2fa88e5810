"""`dyscalc mcp` as an assistant runs it: a real subprocess spoken to in JSON-RPC, one
message a line, over its stdin and stdout; and the command's own errors."""

from __future__ import annotations

import json
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dyscalc.loader import bundled_dataset_path

ANSWER_WITHIN = 60  # seconds; generous for a loaded machine, never reached when it works


class StdioSession:
    """A `dyscalc mcp` process with a line reader on its stdout."""

    def __init__(self, *options: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dyscalc", *options, "mcp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")  # end of stdout

    def send(self, message: dict[str, Any] | str) -> None:
        assert self.process.stdin is not None
        line = message if isinstance(message, str) else json.dumps(message)
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        line = self.lines.get(timeout=ANSWER_WITHIN)
        assert line, "dyscalc mcp closed its stdout"
        message: dict[str, Any] = json.loads(line)
        assert message["jsonrpc"] == "2.0"
        return message

    def request(self, request_id: int, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        answer = self.receive()
        assert answer["id"] == request_id
        return answer

    def close(self) -> tuple[int, list[str], str]:
        """Close stdin, as a client does when it is done; the exit code, what else came on
        stdout, and stderr."""
        assert self.process.stdin is not None
        assert self.process.stderr is not None
        self.process.stdin.close()
        code = self.process.wait(timeout=ANSWER_WITHIN)
        rest = []
        while (line := self.lines.get(timeout=ANSWER_WITHIN)) != "":
            rest.append(line)
        return code, rest, self.process.stderr.read()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def start() -> Iterator[Any]:
    sessions: list[StdioSession] = []

    def started(*options: str) -> StdioSession:
        sessions.append(StdioSession(*options))
        return sessions[-1]

    yield started
    for session in sessions:
        session.kill()


def initialize(session: StdioSession) -> dict[str, Any]:
    answer = session.request(
        1,
        "initialize",
        {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "dyscalc-tests", "version": "1"},
        },
    )
    session.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    return answer


def test_a_stdio_session_survives_bad_requests_and_malformed_lines(start: Any) -> None:
    session = start()

    # 1. initialize
    server = initialize(session)["result"]
    assert server["serverInfo"]["name"] == "dyscalc"
    assert "Quote, don't paraphrase" in server["instructions"]

    # 2. list the tools
    tools = session.request(2, "tools/list", {})["result"]["tools"]
    assert [tool["name"] for tool in tools] == [
        "causes",
        "conditions",
        "explain",
        "citations",
        "search",
        "show",
        "info",
        "check_quote",
    ]
    assert all(tool["annotations"]["readOnlyHint"] for tool in tools)

    # 3. the causes the research names: six, each with its citations
    causes = session.request(
        3, "tools/call", {"name": "causes", "arguments": {"source": "research"}}
    )["result"]
    assert causes["isError"] is False
    records = causes["structuredContent"]["result"]
    assert len(records) == 6
    assert all(record["source"] == "research" and record["citations"] for record in records)
    assert "| Trauma<br>trauma | research | 2, 3, 4, 5 |" in causes["content"][0]["text"]

    # 4. an unknown id: a tool error with the CLI's message, not a protocol error
    unknown = session.request(4, "tools/call", {"name": "show", "arguments": {"id": "infektion"}})
    assert unknown["result"]["isError"] is True
    assert unknown["result"]["content"][0]["text"] == (
        "dyscalc: error: no entry with id 'infektion'; did you mean 'infection' or "
        "'previous-infections'?"
    )

    # 5. a malformed line, and 6. one more request, which is answered
    session.send("{this is not JSON")
    again = session.request(5, "tools/call", {"name": "show", "arguments": {"id": "trauma"}})
    assert again["result"]["structuredContent"]["result"]["citations"] == [2, 3, 4, 5]

    code, rest, stderr = session.close()
    assert (code, rest) == (0, [])  # stdout carried protocol messages and nothing else
    assert "Traceback" not in stderr


def test_the_server_answers_from_the_dataset_given_with_data(start: Any, tmp_path: Path) -> None:
    dataset = tmp_path / "mine.yaml"
    text = bundled_dataset_path().read_text(encoding="utf-8")
    text = re.sub(r"\n  sha256: [0-9a-f]+\n", "\n", text)  # so that any text is its document
    dataset.write_text(text.replace("name: Trauma\n", "name: Trauma (mine)\n"), encoding="utf-8")
    (tmp_path / "dystrophic-calcification.txt").write_text("Trauma\n", encoding="utf-8")
    session = start("--data", str(dataset))
    initialize(session)
    shown = session.request(2, "tools/call", {"name": "show", "arguments": {"id": "trauma"}})
    assert shown["result"]["structuredContent"]["result"]["name"] == "Trauma (mine)"
    source = session.request(3, "resources/read", {"uri": "dyscalc://source"})
    assert source["result"]["contents"][0]["text"] == "Trauma\n"
    assert session.close()[0] == 0


def test_a_document_outside_the_datasets_folder_is_not_served(start: Any, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    dataset = folder / "calcifications.yaml"
    text = bundled_dataset_path().read_text(encoding="utf-8")
    outside = "document: ../secret.txt"
    dataset.write_text(text.replace("document: dystrophic-calcification.txt", outside))
    (tmp_path / "secret.txt").write_text("not for the assistant\n", encoding="utf-8")
    session = start("--data", str(dataset))
    initialize(session)
    listed = session.request(2, "resources/list", {})["result"]["resources"]
    assert [resource["uri"] for resource in listed] == ["dyscalc://dataset"]
    code, rest, stderr = session.close()
    assert (code, rest) == (0, [])
    assert stderr == (
        "dyscalc: warning: the source document '../secret.txt' is not a path in the "
        "dataset's folder; serving without it\n"
    )


def run_dyscalc(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = (
        f"{prelude}import sys; from dyscalc.__main__ import main; sys.argv[1:] = {args!r}; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        input="",
        capture_output=True,
        text=True,
        timeout=ANSWER_WITHIN,
    )


def test_without_the_extra_it_says_what_to_install() -> None:
    # None in sys.modules makes `import mcp` fail, as it does where the SDK is not installed.
    result = run_dyscalc("mcp", prelude="import sys; sys.modules['mcp'] = None; ")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("dyscalc: error: dyscalc mcp needs the MCP SDK (")
    assert result.stderr.endswith("install it with: pip install 'dyscalc[mcp]'\n")


def test_a_bad_dataset_stops_it_before_it_serves(tmp_path: Path) -> None:
    result = run_dyscalc("--data", str(tmp_path / "missing.yaml"), "mcp")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"{tmp_path / 'missing.yaml'}: no such file\n"
