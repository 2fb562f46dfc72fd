"""OSCAL exports: a version as an OSCAL catalog, and a profile per permitted risk tier.

Governance, risk and compliance tools read NIST OSCAL, not our bundle. The catalog has one group
per area and one control per standard (withdrawn ones included, marked as OSCAL catalogs mark
them); the principles and the sources the crosswalk cites are back-matter resources that the
controls link to. A profile selects the standards of one permitted risk tier from the catalog.

The objects are built with compliance-trestle's OSCAL models, which validate them as they are
made; trestle takes about a third of a second to import, so it is imported only here, inside the
functions that write a file (through `needs`), never when the package is imported.

Every byte is a function of the bundle: UUIDs are uuid5 of the version and an ID, dates come from
the release (the draft, which has none, takes the latest review date of its items), and the
JSON is written in the models' field order.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from generator.core import fields
from generator.core import model as m
from generator.export.libraries import Library, needs

if TYPE_CHECKING:
    from trestle.core.base_model import OscalBaseModel
    from trestle.oscal.catalog import Control, Group2
    from trestle.oscal.common import BackMatter, Link, Metadata, Property, Resource

TRESTLE = Library("compliance-trestle", "trestle", "OSCAL catalog or profile")
# Our own property and part names (level, channels, tiers, rationale) are qualified by this
# namespace, as OSCAL asks of names it does not define. A URN: it names, it does not resolve.
NS = "urn:nhs-comms-ai-framework:oscal"
_UUIDS = uuid.uuid5(uuid.NAMESPACE_URL, NS)
# How a reference's relation reads as an OSCAL link relation (OSCAL allows other values).
RELATION_LINK = {"implements": "implements", "supports": "supports", "aligns-with": "aligns-with"}


def catalog_name(version: str) -> str:
    return f"framework-{version}-oscal-catalog.json"


def profile_name(version: str, tier_id: str) -> str:
    return f"framework-{version}-oscal-profile-{tier_id.lower()}.json"


def control_id(standard_id: str) -> str:
    """OSCAL control IDs are conventionally lower case (NIST's ac-1): GOV-01 -> gov-01."""
    return standard_id.lower()


def profile_tiers(bundle: m.Bundle) -> list[m.RiskTier]:
    """The tiers a profile is made for: those that permit use and hold standards. The
    not-permitted tier has no baseline to adopt: its standards forbid uses, and the catalog
    holds them."""
    return [
        tier
        for tier in bundle.risk_tiers
        if tier.permitted and tier.status != "withdrawn" and tier_members(bundle, tier.id)
    ]


def tier_members(bundle: m.Bundle, tier_id: str) -> list[str]:
    """The standards of a tier, derived from each standard's `risk_tiers` (the one place tier
    membership is stored), withdrawn standards left out, in natural ID order."""
    return sorted(
        (s.id for s in bundle.standards if tier_id in s.risk_tiers and s.status != "withdrawn"),
        key=fields.id_key,
    )


def stable_uuid(version: str, *names: str) -> str:
    """A UUID fixed by the version and the names of the thing it identifies."""
    return str(uuid.uuid5(_UUIDS, "/".join((version, *names))))


def modified_date(bundle: m.Bundle) -> dt.date:
    """The release date; for the draft, the latest review of any of its items."""
    if bundle.date is not None:
        return bundle.date
    reviewed = [
        item.last_reviewed
        for kind in ("principles", "standards", "checklists", "indicators")
        for item in getattr(bundle, kind)
    ]
    return max(reviewed, default=dt.date(1970, 1, 1))


def catalog_json(bundle: m.Bundle) -> bytes:
    """The version as an OSCAL catalog, JSON."""
    with needs(TRESTLE):
        from trestle.oscal.catalog import Catalog
    catalog = Catalog(
        uuid=stable_uuid(bundle.version, "catalog"),
        metadata=_metadata(bundle, bundle.framework.title),
        groups=[_group(bundle, area) for area in sorted(bundle.areas, key=lambda a: a.order)],
        back_matter=_back_matter(bundle),
    )
    return _serialise(catalog)


def profile_json(bundle: m.Bundle, tier: m.RiskTier) -> bytes:
    """An OSCAL profile selecting the standards of `tier` from this version's catalog (which it
    imports by its download file name, so the two are read side by side)."""
    with needs(TRESTLE):
        from trestle.oscal.profile import Import2, Merge2, Profile, SelectControl
    members = [control_id(sid) for sid in tier_members(bundle, tier.id)]
    if not members:
        raise ValueError(f"risk tier {tier.id} has no standards to select")  # see profile_tiers
    title = f"{bundle.framework.short_title}: {tier.title} ({tier.id}) baseline"
    profile = Profile(
        uuid=stable_uuid(bundle.version, "profile", tier.id),
        metadata=_metadata(bundle, title, remarks=tier.definition),
        imports=[
            Import2(
                href=catalog_name(bundle.version),
                include_controls=[SelectControl(with_ids=members)],
            )
        ],
        merge=Merge2(as_is=True),
    )
    return _serialise(profile)


def _serialise(model: OscalBaseModel) -> bytes:
    return model.oscal_serialize_json_bytes(pretty=True) + b"\n"


def _prop(name: str, value: str, *, ours: bool = True) -> Property:
    from trestle.oscal.common import Property

    return Property(name=name, value=" ".join(value.split()), ns=NS if ours else None)


def _metadata(bundle: m.Bundle, title: str, remarks: str = "") -> Metadata:
    from trestle.oscal import OSCAL_VERSION
    from trestle.oscal.common import Link, Metadata, Parties, ResponsibleParty, Role

    fw = bundle.framework
    midnight = dt.datetime.combine(modified_date(bundle), dt.time(), dt.UTC)
    publisher = stable_uuid(bundle.version, "party", "publisher")
    contact = stable_uuid(bundle.version, "party", "contact")
    licence = f"Content licence: {fw.content_licence.name} ({fw.content_licence.url})."
    return Metadata(
        title=" ".join(title.split()),
        published=midnight if bundle.date else None,
        last_modified=midnight,
        version=bundle.version,
        oscal_version=OSCAL_VERSION,
        props=[_prop("release-status", bundle.status)],
        links=[
            Link(
                href=fw.official_publication.url,
                rel="alternate",
                text=" ".join(fw.official_publication.title.split()),
            ),
            Link(
                href=fw.content_licence.url,
                rel="license",
                text=" ".join(fw.content_licence.name.split()),
            ),
        ],
        roles=[Role(id="creator", title="Publisher"), Role(id="contact", title="Contact")],
        parties=[
            Parties(uuid=publisher, type="organization", name=fw.publisher),
            Parties(
                uuid=contact,
                type="organization",
                name=fw.contact.name,
                email_addresses=[fw.contact.email],
            ),
        ],
        responsible_parties=[
            ResponsibleParty(role_id="creator", party_uuids=[publisher]),
            ResponsibleParty(role_id="contact", party_uuids=[contact]),
        ],
        remarks="\n\n".join(filter(None, [remarks, licence, fw.provenance])),
    )


def _group(bundle: m.Bundle, area: m.Area) -> Group2:
    from trestle.oscal.catalog import Group2
    from trestle.oscal.common import Part

    standards = sorted(
        (s for s in bundle.standards if s.area == area.id), key=lambda s: fields.id_key(s.id)
    )
    return Group2(
        id=area.id.lower(),
        title=area.title,
        props=[_prop("label", area.id, ours=False)],
        parts=[Part(id=f"{area.id.lower()}_ovw", name="overview", prose=area.summary)],
        controls=[_control(bundle, s) for s in standards] or None,
    )


def _control(bundle: m.Bundle, standard: m.Standard) -> Control:
    from trestle.oscal.catalog import Control
    from trestle.oscal.common import Part

    cid = control_id(standard.id)
    props = [_prop("label", standard.id, ours=False), _prop("level", standard.level)]
    if standard.status == "withdrawn":
        props.append(_prop("status", "withdrawn", ours=False))  # OSCAL's own marker
    elif standard.status == "proposed":
        props.append(_prop("status", "proposed"))  # not an OSCAL value: in our namespace
    props += [_prop("applies-to", channel) for channel in standard.applies_to]
    props += [_prop("risk-tier", tier) for tier in standard.risk_tiers]
    parts = [
        Part(id=f"{cid}_smt", name="statement", prose=standard.statement),
        Part(id=f"{cid}_gdn", name="guidance", prose=standard.guidance),
        Part(id=f"{cid}_rat", name="rationale", ns=NS, prose=standard.rationale),
    ]
    return Control(
        id=cid,
        title=standard.title,
        props=props,
        links=_control_links(bundle, standard) or None,
        parts=parts,
    )


def _control_links(bundle: m.Bundle, standard: m.Standard) -> list[Link]:
    from trestle.oscal.common import Link

    controls = {s.id for s in bundle.standards}
    links = [
        Link(href=f"#{control_id(new)}", rel="incorporated-into")
        for new in standard.replaced_by
        if new in controls
    ]
    links += [
        Link(href=f"#{stable_uuid(bundle.version, 'principle', pid)}", rel="related", text=pid)
        for pid in standard.principles
    ]
    links += [
        Link(
            href=f"#{stable_uuid(bundle.version, 'source', ref.source)}",
            rel=RELATION_LINK[ref.relation],
            text=" ".join(ref.clause.split()),
        )
        for ref in standard.references
    ]
    return links


def _back_matter(bundle: m.Bundle) -> BackMatter:
    from trestle.oscal.common import BackMatter

    resources = [_principle(bundle.version, p) for p in bundle.principles]
    resources += [_source(bundle.version, s) for s in bundle.sources]
    return BackMatter(resources=resources or None)


def _principle(version: str, principle: m.Principle) -> Resource:
    from trestle.oscal.common import Resource

    return Resource(
        uuid=stable_uuid(version, "principle", principle.id),
        title=f"{principle.id} {principle.title}",
        description=principle.summary,
        props=[
            _prop("label", principle.id, ours=False),
            _prop("kind", "principle"),
            _prop("status", principle.status),
        ],
        remarks=principle.body,
    )


def _source(version: str, source: m.Source) -> Resource:
    from trestle.oscal.common import Citation, Resource, Rlink

    return Resource(
        uuid=stable_uuid(version, "source", source.id),
        title=source.title,
        props=[
            _prop("label", source.id, ours=False),
            _prop("kind", "source"),
            _prop("status", source.status),
        ],
        citation=Citation(text=f"{source.publisher}, {source.title}, {source.year}"),
        rlinks=[Rlink(href=source.url)],
    )
