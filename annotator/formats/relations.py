"""Relations read from other tools' files, checked against the scheme (shared by every format reader).

Tools name a relation's two arguments either positionally (brat's ``Arg1`` and
``Arg2``, Label Studio's ``from_id`` and ``to_id``) or with our role names;
either way the relation gets the scheme's roles in the scheme's order.
"""

from __future__ import annotations

from annotator.formats.base import ReadResult
from annotator.model import Argument, Relation
from annotator.scheme import Scheme

POSITIONAL = ("Arg1", "Arg2")


def relation_of(
    ident: str, rtype: str, args: list[tuple[str | None, str]], scheme: Scheme, where: str, result: ReadResult
) -> Relation | None:
    """A relation of ``rtype`` between ``args`` (role or None, our id); None, with the reason recorded, if not."""
    spec = scheme.relation_by_name.get(rtype)
    if spec is None:
        result.unknown("relation type", rtype)
        return None
    if len(args) != 2:
        result.problems.append(f"{where}: relation {rtype} needs two arguments, got {len(args)}")
        return None
    roles = [a.role for a in spec.args]
    given = [role for role, _ in args]
    if set(given) == set(roles) and not spec.symmetric:
        refs = [dict((role, ref) for role, ref in args)[r] for r in roles]
    elif all(g is None or g in POSITIONAL or g in roles for g in given):
        refs = [ref for _, ref in sorted(args, key=lambda a: POSITIONAL.index(a[0]) if a[0] in POSITIONAL else 0)]
    else:
        result.problems.append(f"{where}: relation {rtype} has roles {given}; the scheme's are {roles}")
        return None
    return Relation(id=ident, type=rtype, args=tuple(Argument(role=r, ref=x) for r, x in zip(roles, refs, strict=True)))
