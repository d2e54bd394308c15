"""The one error type a user ever sees from the build."""


class BuildError(Exception):
    """A problem the user can fix.

    The message names the file, line or option at fault and says what to do; the CLI and the
    MkDocs plugin print it without a traceback.
    """


def one_line(exc: BaseException) -> str:
    """What another library's exception says, on one line, for a message of ours."""
    return " ".join(str(exc).split()) or type(exc).__name__
