"""Reading sound clips: WAV, FLAC, OGG and MP3 through soundfile, mono, resampled.

soundfile (libsndfile) decodes; scipy's polyphase filter resamples to the rate a model
needs. Only the first ``max_seconds`` of a clip are decoded, so a long recording costs no
more than the part a model looks at.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError
from embedlab.media.files import MB, Limits, unpack

EXTENSIONS: tuple[str, ...] = (".wav", ".flac", ".ogg", ".oga", ".mp3")
# 300 clips decoded for a 48 kHz, 10 s model hold about 600 MB of samples.
LIMITS = Limits(max_files=300, max_file_bytes=100 * MB, max_total_bytes=1000 * MB)
#: Seconds decoded per clip when the caller gives no limit.
DEFAULT_SECONDS = 30.0

#: A clip: the file's bytes, a path, or ``(samples, sampling_rate)``.
ClipLike = bytes | str | Path | tuple[NDArray[np.floating], int]


@dataclass
class ClipSet:
    """The sound clips of an upload, decoded, and what was skipped.

    Attributes:
        names: file names, in upload order.
        clips: mono float32 samples at ``sampling_rate``, one per name.
        sampling_rate: samples per second of every clip.
        durations: seconds of each whole file (the clip may be cut shorter).
        data: each file's bytes (to play it back as uploaded).
        digests: SHA-256 of each file's bytes (the disk-cache key of its vector).
        skipped: ``(name, reason)`` for each file that is not a usable clip.
        notes: messages about the upload as a whole.
    """

    sampling_rate: int
    names: list[str] = field(default_factory=list)
    clips: list[NDArray[np.float32]] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    data: list[bytes] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.names)


def resample(samples: NDArray[np.floating], rate: int, target: int) -> NDArray[np.float32]:
    """``samples`` at ``rate`` Hz resampled to ``target`` Hz (polyphase, anti-aliased)."""
    samples = np.asarray(samples, dtype=np.float32)
    if rate == target or len(samples) == 0:
        return samples
    from scipy.signal import resample_poly

    ratio = Fraction(int(target), int(rate)).limit_denominator(1000)
    return resample_poly(samples, ratio.numerator, ratio.denominator).astype(np.float32)


def read_clip(
    source: ClipLike,
    *,
    sampling_rate: int,
    max_seconds: float | None = DEFAULT_SECONDS,
    name: str | None = None,
) -> tuple[NDArray[np.float32], float]:
    """Decode one clip to mono float32 at ``sampling_rate``.

    Args:
        source: the file's bytes, a path, or ``(samples, rate)`` (mono, or ``(n, channels)``).
        sampling_rate: the rate to return, in Hz (the model's).
        max_seconds: decode at most this many seconds from the start (None: all).
        name: the file name, for messages.

    Returns:
        ``(samples, duration)``: ``(m,)`` float32 in [-1, 1] and the whole file's seconds.

    Raises:
        InputError: not a sound file soundfile can read, or an empty one.
    """
    if isinstance(source, tuple):
        samples, rate = np.asarray(source[0], dtype=np.float32), int(source[1])
        duration = len(samples) / rate
        if max_seconds is not None:
            samples = samples[: int(max_seconds * rate)]
        label = name or "the clip"
    else:
        import soundfile as sf

        label = name or "the clip"
        if isinstance(source, str | Path):
            label = name or str(source)
            try:
                source = Path(source).read_bytes()
            except OSError as err:
                raise InputError(
                    f"Cannot read the sound file '{label}': {err.strerror or err}."
                ) from err
        elif not isinstance(source, bytes | bytearray | memoryview):
            raise InputError(
                "Clips must be a file's bytes, a path or (samples, rate); "
                f"got {type(source).__name__}."
            )
        try:
            with sf.SoundFile(io.BytesIO(bytes(source))) as f:
                rate = int(f.samplerate)
                duration = f.frames / rate if f.frames > 0 else 0.0
                frames = -1 if max_seconds is None else int(max_seconds * rate)
                samples = f.read(frames=frames, dtype="float32", always_2d=True)
        except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as err:
            raise InputError(
                f"'{label}' is not a sound file that can be read (WAV, FLAC, OGG or MP3): {err}."
            ) from err
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    if len(samples) == 0:
        raise InputError(f"'{label}' holds no sound (0 samples).")
    return resample(samples, rate, sampling_rate), float(duration)


def read_clips(
    uploads: Iterable[tuple[str, bytes]],
    *,
    sampling_rate: int,
    max_seconds: float | None = DEFAULT_SECONDS,
    limits: Limits = LIMITS,
) -> ClipSet:
    """Decode the clips of an upload: loose sound files and ZIP archives of them.

    Args:
        uploads: ``(file name, bytes)`` pairs.
        sampling_rate: the rate every clip is resampled to (the model's).
        max_seconds: seconds decoded per clip, from the start.
        limits: count and size limits (default :data:`LIMITS`).

    Returns:
        :class:`ClipSet`.

    Raises:
        InputError: no usable clip at all, or the upload is too large.
    """
    unpacked = unpack(uploads, extensions=EXTENSIONS, limits=limits, what="sound clips")
    out = ClipSet(sampling_rate, skipped=list(unpacked.skipped), notes=list(unpacked.notes))
    for name, data in unpacked.files:
        try:
            clip, duration = read_clip(
                data, sampling_rate=sampling_rate, max_seconds=max_seconds, name=name
            )
        except InputError as err:
            out.skipped.append((name, str(err)))
            continue
        out.names.append(name)
        out.clips.append(clip)
        out.durations.append(duration)
        out.data.append(data)
        out.digests.append(hashlib.sha256(data).hexdigest())
    if not out.names:
        reasons = "; ".join(f"{n}: {r}" for n, r in out.skipped[:3])
        raise InputError(
            "No sound clip could be read from the upload"
            + (f" ({reasons})" if reasons else "")
            + f". Upload {', '.join(EXTENSIONS)} files or a ZIP of them."
        )
    return out
