from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``?page=2`` (50 a page) and ``?page_size=`` up to 200: ``{"count", "next", "previous", "results"}``."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
