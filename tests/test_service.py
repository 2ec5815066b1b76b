"""`cuishou serve` over real HTTP: a uvicorn process on a free loopback port, driven with httpx.

One service for the module (token set, 2 workers, small upload limits so refusals are cheap to
provoke). The restart, kill and webhook behaviour is in tests/test_service_restart.py.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import SAMPLES, base_case, dump_json, run_cuishou, sample_case_dirs
from test_service_support import TOKEN, Service, case_zip, multipart, stored, wait_done, zh

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    data = tmp_path_factory.mktemp("svc") / "data"
    svc = Service(data, "--max-upload-mb", "2", "--max-files", "40").start()
    yield svc
    svc.stop()


@pytest.fixture(scope="module")
def client(service: Service) -> Iterator[httpx.Client]:
    with service.client() as c:
        yield c


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cuishou build` of every sample, the reference the service's files must equal byte for byte."""
    out = tmp_path_factory.mktemp("cli")
    for case_dir in sample_case_dirs():
        r = run_cuishou("build", case_dir, "--out", out)
        assert r.returncode == 0, r.stdout
    return out


def _error(resp: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    err = resp.json()["error"]
    assert err["code"] == code, err
    assert zh(err["message"]), err
    return err


def _case_folder(tmp: Path, data: dict[str, Any], name: str = "case") -> Path:
    folder = tmp / name
    shutil.copytree(SAMPLES / "01-company-loan-instalments", folder)
    (folder / "case.json").write_text(dump_json(data), encoding="utf-8")
    return folder


# ---------------------------------------------------------------- open endpoints, authentication


def test_health_and_openapi_need_no_token_and_are_described_in_chinese(service: Service) -> None:
    with httpx.Client(base_url=service.url) as anon:
        health = anon.get("/healthz")
        assert health.status_code == 200 and health.json()["status"] == "ok"
        doc = anon.get("/openapi.json")
        assert doc.status_code == 200
        spec = doc.json()
        ops = [op for path in spec["paths"].values() for op in path.values()]
        assert len(ops) >= 10
        for op in ops:  # every operation has a Chinese summary and description
            assert zh(op["summary"]) and zh(op.get("description", "")), op["summary"]
        submit = spec["paths"]["/v1/jobs"]["post"]
        assert set(submit["requestBody"]["content"]) == {"multipart/form-data", "application/zip"}
        assert any(p["name"] == "Idempotency-Key" for p in submit["parameters"])
        assert "bearer" in json.dumps(spec["components"]["securitySchemes"]).lower()
        html = anon.get("/docs")
        assert html.status_code == 200 and "swagger" in html.text.lower()


@pytest.mark.parametrize(
    "method,path",
    [("GET", "/v1/jobs"), ("POST", "/v1/jobs"), ("GET", "/v1/jobs/abc"), ("GET", "/v1/jobs/abc/files/x.pdf"), ("POST", "/v1/validate")],
)
def test_every_other_call_needs_the_token(service: Service, method: str, path: str) -> None:
    with service.client(token="wrong-token-0123456789") as bad, httpx.Client(base_url=service.url) as anon:
        for c in (bad, anon):
            resp = c.request(method, path, content=b"{}", headers={"Content-Type": "application/json"})
            err = _error(resp, 401, "unauthorized")
            assert "Authorization: Bearer" in err["message"]
            assert resp.headers["www-authenticate"].startswith("Bearer")


def test_unknown_route_and_method_are_chinese_json(client: httpx.Client) -> None:
    _error(client.get("/v1/nothing"), 404, "not_found")
    _error(client.delete("/v1/jobs"), 405, "method_not_allowed")
    _error(client.get("/v1/jobs/0000/manifest"), 404, "job_not_found")
    err = _error(client.get("/v1/jobs", params={"limit": "many"}), 422, "invalid_parameter")
    assert "limit" in err["message"]


# ---------------------------------------------------------------- the samples, end to end


def test_samples_built_by_the_service_equal_cuishou_build_byte_for_byte(client: httpx.Client, cli_out: Path) -> None:
    dirs = sample_case_dirs()
    assert len(dirs) >= 4
    jobs = {}
    for i, case_dir in enumerate(dirs):  # alternate the three upload forms
        if i % 3 == 0:
            resp = client.post("/v1/jobs", files=multipart(case_dir))
        elif i % 3 == 1:
            resp = client.post("/v1/jobs", content=case_zip(case_dir), headers={"Content-Type": "application/zip"})
        else:
            resp = client.post("/v1/jobs", files=multipart(case_dir, full_paths=False))
        assert resp.status_code == 202, resp.text
        body = resp.json()
        assert body["created"] is True and body["status"] in ("queued", "running")
        assert resp.headers["location"] == f"/v1/jobs/{body['id']}"
        jobs[case_dir.name] = body["id"]
    for case_dir in dirs:
        job = wait_done(client, jobs[case_dir.name])
        assert job["status"] == "succeeded", job
        reference = cli_out / job["case_id"]
        manifest = client.get(f"/v1/jobs/{job['id']}/manifest")
        assert manifest.status_code == 200
        assert manifest.content == (reference / "manifest.json").read_bytes()
        names = [d["file"] for d in json.loads(manifest.content)["documents"]]
        assert sorted(f["name"] for f in job["files"]) == sorted(names)
        assert sorted(names + ["manifest.json"]) == sorted(p.name for p in reference.iterdir())
        for f in job["files"]:
            got = client.get(f["url"])
            assert got.status_code == 200, f["name"]
            assert got.content == (reference / f["name"]).read_bytes(), f["name"]
            assert got.headers["content-type"].split(";")[0] == f["media_type"].split(";")[0]
        assert [e["event"] for e in job["history"]] == ["submitted", "started", "completed"]
        assert job["progress"]["stage"] == "done" and job["attempts"] == 1
        # the claim and the checks are the CLI's own JSON, byte for byte
        for route, args in (("claim", ("calc", "--json")), ("checks", ("check", "--json"))):
            cli = run_cuishou(*args, SAMPLES / case_dir.name)
            got = client.get(f"/v1/jobs/{job['id']}/{route}")
            assert got.status_code == 200
            assert got.text == cli.stdout, route


def test_resubmission_returns_the_same_job(client: httpx.Client) -> None:
    case_dir = SAMPLES / "02-iou-no-interest"
    first = client.post("/v1/jobs", files=multipart(case_dir))
    assert first.status_code in (200, 202)
    job_id = first.json()["id"]
    wait_done(client, job_id)
    for again in (
        client.post("/v1/jobs", content=case_zip(case_dir), headers={"Content-Type": "application/zip"}),
        client.post("/v1/jobs", content=case_zip(case_dir, top=False), headers={"Content-Type": "application/zip"}),
        client.post("/v1/jobs", files=multipart(case_dir, full_paths=False)),
    ):
        assert again.status_code == 200, again.text
        assert again.json()["id"] == job_id and again.json()["created"] is False
    listed = client.get("/v1/jobs", params={"case_id": "02-iou-no-interest"}).json()["jobs"]
    assert [j["id"] for j in listed] == [job_id]
    history = client.get(f"/v1/jobs/{job_id}").json()["history"]
    assert [e["event"] for e in history].count("completed") == 1
    # other options are other outputs: a new job
    other = client.post("/v1/jobs", params={"only": "demand_letter"}, files=multipart(case_dir))
    assert other.status_code == 202 and other.json()["id"] != job_id
    done = wait_done(client, other.json()["id"])
    assert [f["kind"] for f in done["files"]] == ["demand_letter"]


def test_idempotency_key(client: httpx.Client, service: Service, tmp_path: Path) -> None:
    data = base_case()
    data["case_id"] = "idem-1"
    folder = _case_folder(tmp_path, data)
    key = {"Idempotency-Key": "dms-request-42"}
    first = client.post("/v1/jobs", files=multipart(folder), headers=key)
    assert first.status_code == 202
    again = client.post("/v1/jobs", files=multipart(folder), headers=key)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    before = stored(service.data)
    data["case_id"] = "idem-2"
    changed = _case_folder(tmp_path, data, "changed")
    err = _error(client.post("/v1/jobs", files=multipart(changed), headers=key), 409, "idempotency_conflict")
    assert "dms-request-42" in err["message"]
    assert stored(service.data)["inputs"] == before["inputs"]
    wait_done(client, first.json()["id"])


# ---------------------------------------------------------------- validation, claim and checks without storing


def test_validate_gives_the_problems_of_cuishou_validate(client: httpx.Client, tmp_path: Path) -> None:
    data = base_case()
    data["loan"]["disbursements"][0]["amount"] = "12.345"
    data["debtors"][0]["id_number"] = "123"
    data["colour"] = "blue"
    folder = _case_folder(tmp_path, data)
    cli = run_cuishou("validate", "--json", folder)
    expected = json.loads(cli.stdout)[0]["problems"]
    assert len(expected) >= 3
    resp = client.post("/v1/validate", content=(folder / "case.json").read_bytes(), headers={"Content-Type": "application/json"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["valid"] is False and body["problems"] == expected
    assert {"loan.disbursements[0].amount", "colour"} <= {p["path"] for p in body["problems"]}
    # a JSON syntax error is reported as the CLI reports it (line and column)
    (folder / "case.json").write_text('{"case_id": "x",\n  "loan": }', encoding="utf-8")
    expected = json.loads(run_cuishou("validate", "--json", folder).stdout)[0]["problems"]
    resp = client.post("/v1/validate", content=(folder / "case.json").read_bytes(), headers={"Content-Type": "application/json"})
    assert resp.json()["problems"] == expected and "第2行" in expected[0]["message"]


def test_validate_a_good_case_lists_the_files_to_upload(client: httpx.Client, service: Service) -> None:
    before = stored(service.data)
    text = (SAMPLES / "01-company-loan-instalments" / "case.json").read_bytes()
    body = client.post("/v1/validate", content=text, headers={"Content-Type": "application/json"}).json()
    assert body["valid"] is True and body["problems"] == [] and body["case_id"] == "01-company-loan-instalments"
    data = json.loads(text)
    named = [f for item in data["evidence"] for f in item["files"]] + [data["lawyer"]["licence_copy"]]
    assert body["evidence_files"] == named
    assert stored(service.data) == before


def test_claim_and_checks_from_a_body_equal_the_cli(client: httpx.Client) -> None:
    case_dir = SAMPLES / "03-consumer-finance-guarantor"
    text = (case_dir / "case.json").read_bytes()
    for route, args in (("claim", ("calc", "--json")), ("checks", ("check", "--json"))):
        resp = client.post(f"/v1/{route}", content=text, headers={"Content-Type": "application/json"})
        assert resp.status_code == 200
        assert resp.text == run_cuishou(*args, case_dir).stdout
    resp = client.post("/v1/claim", params={"as_of": "2026-06-30"}, content=text, headers={"Content-Type": "application/json"})
    assert resp.text == run_cuishou("calc", "--json", "--as-of", "2026-06-30", case_dir).stdout
    assert json.loads(resp.text)["as_of"] == "2026-06-30"
    err = _error(client.post("/v1/claim", content=b'{"case_id": 1}', headers={"Content-Type": "application/json"}), 422, "invalid_case")
    assert any(p["path"] == "case_id" for p in err["problems"])


# ---------------------------------------------------------------- refusals: nothing stored


def _refused(client: httpx.Client, service: Service, status: int, code: str, **request: Any) -> dict[str, Any]:
    before_jobs = client.get("/v1/jobs").json()["jobs"]
    before = stored(service.data)
    err = _error(client.post("/v1/jobs", **request), status, code)
    assert stored(service.data) == before, "a refused upload must leave nothing behind"
    assert client.get("/v1/jobs").json()["jobs"] == before_jobs
    return err


def test_oversized_upload_is_refused(client: httpx.Client, service: Service) -> None:
    big = b"\0" * (3 * MiB)
    err = _refused(client, service, 413, "payload_too_large", content=big, headers={"Content-Type": "application/zip"})
    assert "2 MB" in err["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
        for _ in range(48):
            yield b"\0" * (64 * 1024)

    _refused(client, service, 413, "payload_too_large", content=chunks(), headers={"Content-Type": "application/zip"})


def _zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return buf.getvalue()


def _sample_entries() -> list[tuple[zipfile.ZipInfo | str, bytes]]:
    case_dir = SAMPLES / "02-iou-no-interest"
    return [(p.relative_to(case_dir).as_posix(), p.read_bytes()) for p in sorted(case_dir.rglob("*")) if p.is_file()]


def test_zip_bomb_is_refused(client: httpx.Client, service: Service) -> None:
    bomb = _zip([*_sample_entries(), ("evidence/huge.pdf", b"\0" * (40 * MiB))])
    packed = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("evidence/huge.pdf").compress_size
    assert packed < 100 * 1024  # 40 MB of zeros deflate to about 40 KB: ratio about 1000:1
    err = _refused(client, service, 413, "archive_bomb", content=bomb, headers={"Content-Type": "application/zip"})
    assert "huge.pdf" in err["message"] and "压缩炸弹" in err["message"]


def test_zip_with_a_lying_size_header_is_refused(client: httpx.Client, service: Service) -> None:
    payload = b"%PDF-1.4 " + b"A" * (2 * MiB)
    # rewrite: store the real data but claim 100 bytes, in both the local and the central header
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in _sample_entries():
            zf.writestr(name, content)
        zf.writestr("evidence/liar.pdf", payload)
    data = bytearray(buf.getvalue())
    real = len(payload).to_bytes(4, "little")
    assert data.count(real) == 2
    data = data.replace(real, (100).to_bytes(4, "little"))
    _refused(client, service, 400, "archive_invalid", content=bytes(data), headers={"Content-Type": "application/zip"})


@pytest.mark.parametrize(
    "name",
    ["../evil.pdf", "evidence/../../evil.pdf", "/etc/evil.pdf", "..\\evil.pdf", "C:/evil.pdf", "evidence/\x01.pdf"],
)
def test_unsafe_names_in_a_zip_are_refused(client: httpx.Client, service: Service, name: str) -> None:
    entries = [*_sample_entries(), (zipfile.ZipInfo(name), b"%PDF-1.4 evil")]
    err = _refused(client, service, 400, "archive_unsafe_path", content=_zip(entries), headers={"Content-Type": "application/zip"})
    assert "未保存任何文件" in err["message"]
    assert not (service.data.parent / "evil.pdf").exists() and not Path("/etc/evil.pdf").exists()


def test_symlink_in_a_zip_is_refused(client: httpx.Client, service: Service) -> None:
    link = zipfile.ZipInfo("evidence/E1-jietiao.jpg")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    entries = [(n, d) for n, d in _sample_entries() if n != "evidence/E1-jietiao.jpg"] + [(link, b"/etc/passwd")]
    err = _refused(client, service, 400, "archive_link", content=_zip(entries), headers={"Content-Type": "application/zip"})
    assert "符号链接" in err["message"]


def test_unsafe_multipart_file_name_is_refused(client: httpx.Client, service: Service) -> None:
    parts = multipart(SAMPLES / "02-iou-no-interest")
    parts.append(("file", ("../../evil.pdf", b"%PDF-1.4", "application/pdf")))
    _refused(client, service, 400, "archive_unsafe_path", files=parts)


def test_too_many_files_are_refused(client: httpx.Client, service: Service) -> None:
    entries = [*_sample_entries(), *[(f"notes/{i}.txt", b"x") for i in range(45)]]
    _refused(client, service, 413, "too_many_files", content=_zip(entries), headers={"Content-Type": "application/zip"})


def test_bad_uploads_are_refused(client: httpx.Client, service: Service) -> None:
    _refused(client, service, 400, "archive_invalid", content=b"PK\x03\x04 not a zip", headers={"Content-Type": "application/zip"})
    _refused(client, service, 415, "unsupported_media_type", content=b"{}", headers={"Content-Type": "text/plain"})
    err = _refused(client, service, 400, "upload_invalid", content=_zip([("readme.txt", b"x")]), headers={"Content-Type": "application/zip"})
    assert "case.json" in err["message"]
    case_dir = SAMPLES / "02-iou-no-interest"
    parts = multipart(case_dir) + [("file", ("evidence/extra.pdf", b"%PDF-1.4", "application/pdf"))]
    err = _refused(client, service, 400, "upload_invalid", files=parts)
    assert "extra.pdf" in err["message"] and "未在 case.json" in err["message"]
    _refused(client, service, 400, "upload_invalid", files=multipart(case_dir)[1:])  # no case part


def test_invalid_case_is_refused_with_its_problems(client: httpx.Client, service: Service, tmp_path: Path) -> None:
    data = base_case()
    data["loan"]["disbursements"][0]["amount"] = "-5"
    folder = _case_folder(tmp_path, data)
    expected = json.loads(run_cuishou("validate", "--json", folder).stdout)[0]["problems"]
    err = _refused(client, service, 422, "invalid_case", files=multipart(folder))
    assert err["problems"] == expected
    # a missing evidence file is a problem of the case, named by its JSON path
    parts = [p for p in multipart(folder) if p[1][0] != "evidence/E2-jiekuan-hetong.pdf"]
    data["loan"]["disbursements"][0]["amount"] = base_case()["loan"]["disbursements"][0]["amount"]
    parts[0] = ("case", ("case.json", dump_json(data).encode(), "application/json"))
    err = _refused(client, service, 422, "invalid_case", files=parts)
    assert [p["message"] for p in err["problems"]] == ["文件不存在"]
    assert err["problems"][0]["value"] == "evidence/E2-jiekuan-hetong.pdf"


def test_bad_parameters_are_refused(client: httpx.Client, service: Service) -> None:
    case_dir = SAMPLES / "02-iou-no-interest"
    err = _refused(client, service, 422, "invalid_parameter", params={"as_of": "2026-02-30"}, files=multipart(case_dir))
    assert "as_of" in err["message"]
    err = _refused(client, service, 422, "invalid_parameter", params={"only": "poster"}, files=multipart(case_dir))
    assert "poster" in err["message"]
    _refused(client, service, 422, "invalid_parameter", params={"plan": "x"}, files=multipart(case_dir))


# ---------------------------------------------------------------- one job's failure


def test_a_failing_job_does_not_affect_another(client: httpx.Client, tmp_path: Path) -> None:
    data = copy.deepcopy(base_case())
    data["case_id"] = "zero-owed"
    owed = sum(d["amount"] for d in data["loan"]["disbursements"])
    data["repayments"] = [{"date": data["loan"]["disbursements"][0]["date"], "amount": owed * 2}]
    bad = _case_folder(tmp_path, data, "bad")
    good = copy.deepcopy(base_case())
    good["case_id"] = "good-neighbour"
    ok = _case_folder(tmp_path, good, "ok")
    r_bad = client.post("/v1/jobs", files=multipart(bad))
    r_ok = client.post("/v1/jobs", files=multipart(ok))
    assert r_bad.status_code == 202 and r_ok.status_code == 202
    failed = wait_done(client, r_bad.json()["id"])
    done = wait_done(client, r_ok.json()["id"])
    assert failed["status"] == "failed" and done["status"] == "succeeded"
    assert failed["error"]["code"] == "build_failed"
    assert failed["error"]["message"] == "没有可催收的欠款"
    assert failed["error"]["problems"][0]["path"] == "repayments"
    err = _error(client.get(f"/v1/jobs/{failed['id']}/manifest"), 409, "job_failed")
    assert "没有可催收的欠款" in err["message"]
    _error(client.get(f"/v1/jobs/{done['id']}/files/nothing.pdf"), 404, "file_not_found")
    _error(client.get(f"/v1/jobs/{done['id']}/files/..%2F..%2Fjobs.sqlite3"), 404, "file_not_found")
    # a failed job frees its input: the same case may be submitted again (a new job)
    again = client.post("/v1/jobs", files=multipart(bad))
    assert again.status_code == 202 and again.json()["id"] != failed["id"]
    wait_done(client, again.json()["id"])


def test_portfolio_lists_every_stored_case_with_its_stage(client: httpx.Client) -> None:
    """`/v1/portfolio`: one row per stored case, from its newest succeeded job (as `cuishou status`)."""
    ids = {}
    for case_dir in sample_case_dirs():
        resp = client.post("/v1/jobs", content=case_zip(case_dir), headers={"Content-Type": "application/zip"})
        assert resp.status_code in (200, 202), resp.text
        ids[case_dir.name] = wait_done(client, resp.json()["id"])["case_id"]
    data = client.get("/v1/portfolio").json()
    rows = {r["case_id"]: r for r in data["cases"]}
    assert set(ids.values()) <= set(rows)
    assert rows["01-company-loan-instalments"]["label"] == "分期履行中"
    assert rows["02-iou-no-interest"]["stage"] == "ready_to_file"
    assert all(r["due"] for r in rows.values())
    page = client.get("/v1/portfolio", params={"format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert all(cid in page.text for cid in ids.values())
