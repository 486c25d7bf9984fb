"""The REST API under /api/v1/ (issue 14): serializers validate, services write, selectors read.

Views here are thin like the pages': each read goes through ``negotiation.selectors`` (and the
small helpers of ``reads.py`` that apply the pages' visibility rules), each write is one call
to a service of ``negotiation.services`` whose ``ApplicationError`` becomes a 400."""
