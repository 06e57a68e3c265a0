"""A real S3 server for the storage tests: moto's server mode on a free local port,
started once for the session; each test gets its own, empty bucket."""

import socket
import uuid

import pytest

from tests.conftest import require_service

S3_KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        require_service("moto", False, "pip install 'moto[server]' (a dev dependency)")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_env(s3_endpoint, monkeypatch):
    """The environment that puts uploads in a fresh bucket on the test's S3 server."""
    import boto3

    for key, value in S3_KEYS.items():
        monkeypatch.setenv(key, value)
    bucket = f"rfs-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **s3_keys())
    client.create_bucket(Bucket=bucket)
    return {
        "RFS_STORAGE": "s3",
        "RFS_S3_BUCKET": bucket,
        "RFS_S3_ENDPOINT_URL": s3_endpoint,
        "RFS_S3_REGION": "us-east-1",
        **S3_KEYS,
    }


def s3_keys() -> dict[str, str]:
    return {
        "aws_access_key_id": S3_KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    }


def bucket_objects(env: dict[str, str]) -> dict[str, bytes]:
    """Every object in the environment's bucket, by key, with its bytes."""
    import boto3

    client = boto3.client(
        "s3", endpoint_url=env["RFS_S3_ENDPOINT_URL"], region_name="us-east-1", **s3_keys()
    )
    objects = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=env["RFS_S3_BUCKET"]):
        for item in page.get("Contents", []):
            body = client.get_object(Bucket=env["RFS_S3_BUCKET"], Key=item["Key"])["Body"]
            objects[item["Key"]] = body.read()
    return objects


def public_read_policy(env: dict[str, str]) -> None:
    """Let anyone read the bucket's media/ prefix (public files), and nothing else."""
    import json

    import boto3

    bucket = env["RFS_S3_BUCKET"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/media/*"],
            }
        ],
    }
    client = boto3.client(
        "s3", endpoint_url=env["RFS_S3_ENDPOINT_URL"], region_name="us-east-1", **s3_keys()
    )
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
