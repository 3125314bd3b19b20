"""Entity coreference: putting mentions into clusters and taking them out.

Clusters are type-locked (all members share one entity label) and never empty:
the last mention leaving a cluster removes it.
"""

from __future__ import annotations

from annotator.editing.primitives import Refused, find_item, mention, new_id, replace_item
from annotator.editing.references import without_dangling
from annotator.model import AnnotationRecord, Entity


def entity_of(record: AnnotationRecord, mention_id: str) -> Entity | None:
    return next((e for e in record.entities if mention_id in e.mentions), None)


def entity_name(record: AnnotationRecord, entity: Entity) -> str:
    """A cluster's display name: its name, else its longest proper-name mention."""
    if entity.name:
        return entity.name
    members = [m for m in record.mentions if m.id in entity.mentions]
    if not members:
        return entity.id
    best = max(members, key=lambda m: (m.attrs.get("level") == "NAM", len(m.text)))
    return best.text


def attach(record: AnnotationRecord, mention_id: str, entity_id: str | None) -> tuple[AnnotationRecord, str]:
    """Put a mention into cluster ``entity_id`` (a new cluster when None)."""
    m = mention(record, mention_id)
    labels = {x.id: x.label for x in record.mentions}
    if entity_id is not None:
        target: Entity = find_item(record.entities, entity_id, "cluster")
        if mention_id in target.mentions:
            raise Refused(f"{mention_id} is already in cluster {entity_id}")
        others = {labels[r] for r in target.mentions if r in labels and r != mention_id}
        if others and others != {m.label}:
            raise Refused(
                f"cluster {entity_id} holds {'/'.join(sorted(others))} mentions and {mention_id} is {m.label}; "
                "clusters are type-locked"
            )
    record = detach(record, mention_id)
    if entity_id is None:
        entity_id = new_id(record, "entity")
        entities = (*record.entities, Entity(id=entity_id, mentions=(mention_id,)))
    else:
        entities = tuple(
            e.model_copy(update={"mentions": (*e.mentions, mention_id)}) if e.id == entity_id else e
            for e in record.entities
        )
    return record.model_copy(update={"entities": entities}), entity_id


def detach(record: AnnotationRecord, mention_id: str) -> AnnotationRecord:
    """Take a mention out of its cluster; a cluster left empty goes, with the references to it."""
    entities = []
    for e in record.entities:
        if mention_id in e.mentions:
            rest = tuple(r for r in e.mentions if r != mention_id)
            if rest:
                entities.append(e.model_copy(update={"mentions": rest}))
        else:
            entities.append(e)
    return without_dangling(record, record.model_copy(update={"entities": tuple(entities)}))


def name_entity(record: AnnotationRecord, mention_id: str, name: str | None) -> AnnotationRecord:
    """Name the cluster of ``mention_id`` (the guidelines: after its most complete NAM mention).

    A blank name clears it, and the cluster is shown by its longest proper-name mention again.
    """
    entity = entity_of(record, mention_id)
    if entity is None:
        raise Refused(f"{mention_id} is in no cluster; put it in one (c) before naming it")
    new = entity.model_copy(update={"name": (name or "").strip() or None})
    return record.model_copy(update={"entities": replace_item(record.entities, entity.id, new)})
