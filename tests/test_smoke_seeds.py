import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEED_SHA256 = {
    "000_d246c74b127eef68.txt": "63af92f589de0c819888006a239eef5a645175402a68c0610009eac24ee3e291",
    "001_aab8a3634b40cb55.txt": "76488c61053d03a9077c53605a26ebb4ebb1845777f6eea31070e13d2bd582fa",
    "002_f595e0b5b551e8a6.txt": "911f3ecd2ff91af34921e2cce7b58b226e13e03a64f86b70af6e6d5721ad122d",
    "003_17ae0a9fe3fd3c77.txt": "86ca51f2f2ffc1be84eba113c671445940a69462d480aac77cb27f4639165ee5",
    "004_18ce445469fc81d2.txt": "b7cb5bf4332b804f5a0eb4d111bd8a17287fae47592c5e848f20316d60c09887",
}


def test_seeds_are_byte_for_byte_the_collected_articles():
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "seeds").glob("*.txt")}
    assert found == SEED_SHA256
