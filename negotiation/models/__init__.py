from .actions import Action, Statement, Vote, VoteCast, vote_problem
from .delegations import BodyMembership, DelegateProfile, Delegation
from .documents import Body, Draft, Paragraph, Version, version_label_problem
from .following import Following
from .negotiating import Facilitation, ParagraphStatus, Proposal, Stance, default_status
from .sponsorship import Sponsorship

__all__ = [
    "Action", "Body", "BodyMembership", "DelegateProfile", "Delegation", "Draft", "Facilitation", "Following", "Paragraph",
    "ParagraphStatus", "Proposal", "Sponsorship", "Stance", "Statement", "Version", "Vote", "VoteCast",
    "default_status", "version_label_problem", "vote_problem",
]
