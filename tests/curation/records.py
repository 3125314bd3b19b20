"""Two annotators' records on seed 000 that agree, differ and leave things out, in every layer."""

from __future__ import annotations

from annotator.model import AnnotationRecord
from tests.factories import find, sample_record

DOC = "000_d246c74b127eef68"


def b_version(doc) -> AnnotationRecord:
    """B: "a monitor" PER (label conflict), "2,000 fighters" (other boundaries), "U.N." added (one-sided)
    and put in ISIL's cluster (cluster conflict), v1 without Origin or thwarted (event conflict)."""
    data = sample_record(doc, "annotator-b").to_json_dict()
    for m in data["mentions"]:
        m["id"] = "b" + m["id"]
    data["mentions"][2]["label"] = "PER"
    data["mentions"][2]["attrs"] = {"level": "NOM"}
    data["mentions"][1].update(find(doc, "2,000 fighters").model_dump())
    data["mentions"].append({"id": "bm6", "label": "ORG", **find(doc, "U.N.").model_dump(), "attrs": {"level": "NAM"}})
    data["entities"][0]["mentions"] = ["bm1", "bm5", "bm6"]
    data["events"][0]["args"] = [{"role": "Transported", "ref": "bm2"}]
    del data["events"][0]["attrs"]["thwarted"]
    data["attributions"][0]["source"] = "bm3"
    data["attributions"][0]["role_claims"][0]["ref"] = "bm2"
    return AnnotationRecord.model_validate(data)
