"""The one error type a user can cause. Views turn it into a message, the API into a 400."""


class ApplicationError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
