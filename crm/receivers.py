"""What the CRM does when something happens in the ATS (connected in CrmConfig.ready())."""

from ats import signals
from crm import services
from recruit.candidates.signals import candidates_merging


def on_talent_community_joined(sender, *, candidate, departments, locations, **kwargs) -> None:
    services.prospect_join_community(
        candidate=candidate, departments=departments, locations=locations
    )


def on_candidates_merging(sender, *, survivor, duplicate, **kwargs) -> None:
    services.prospect_merge(survivor=survivor, duplicate=duplicate)


def connect() -> None:
    signals.talent_community_joined.connect(
        on_talent_community_joined, dispatch_uid="crm.community"
    )
    candidates_merging.connect(on_candidates_merging, dispatch_uid="crm.merge")
