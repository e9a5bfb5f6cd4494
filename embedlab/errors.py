"""Errors whose messages are written for the person using the app.

Every message names the offending value and says how to fix it, so a page can
show ``str(err)`` as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class EmbedlabError(Exception):
    """Base of every error whose message is meant for a user."""


class InputError(EmbedlabError, ValueError):
    """The user's input (text, parameters, a file) cannot be used as given."""


class ModelLoadError(EmbedlabError):
    """A model could not be loaded (unknown id, missing package, no network...)."""


class UnknownWordError(EmbedlabError, KeyError):
    """One or more words are not in a word model's vocabulary.

    Attributes:
        words: the unknown words, in input order.
        suggestions: for each unknown word, up to three close spellings.
    """

    def __init__(
        self,
        words: Sequence[str],
        *,
        model_name: str = "the model",
        vocab_size: int | None = None,
        suggestions: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.words = list(words)
        self.suggestions = {w: list(s) for w, s in (suggestions or {}).items()}
        self.model_name = model_name
        self.vocab_size = vocab_size
        super().__init__(self._message())

    def _message(self) -> str:
        size = f" ({self.vocab_size:,} words)" if self.vocab_size else ""
        if len(self.words) == 1:
            word = self.words[0]
            close = self.suggestions.get(word)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            return f"'{word}' is not in the vocabulary of {self.model_name}{size}.{hint}"
        shown = self.words[:5]
        listed = ", ".join(
            f"'{w}'"
            + (
                f" (did you mean {'/'.join(self.suggestions[w])}?)"
                if self.suggestions.get(w)
                else ""
            )
            for w in shown
        )
        more = f" and {len(self.words) - len(shown)} more" if len(self.words) > len(shown) else ""
        return (
            f"{len(self.words)} words are not in the vocabulary of {self.model_name}{size}: "
            f"{listed}{more}. Check the spelling, or pick a model for this language."
        )

    def __str__(self) -> str:  # KeyError would add quotes around the message
        return self._message()


class TooFewPointsError(InputError):
    """A method needs more points (or other parameters) than were given."""


class FileFormatError(InputError):
    """An uploaded file cannot be read; the message says what is wrong with it."""


class CollectionError(EmbedlabError):
    """A collection cannot be created, opened or changed as asked."""


class CollectionNotFoundError(CollectionError, KeyError):
    """No collection of that name exists; the message lists the ones that do."""

    def __str__(self) -> str:  # KeyError would add quotes around the message
        return str(self.args[0]) if self.args else ""


class FilterError(InputError):
    """A ``where`` filter does not parse or names an unknown column."""


class StorageError(CollectionError):
    """The disk (or object store) refused: no space, no permission, path not usable."""
