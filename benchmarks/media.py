"""Images/s and clips/s of the media pipeline, with the tiny random CLIP and CLAP models.

    python benchmarks/media.py            # 300 photo-sized JPEGs, 120 clips of 5 s
    python benchmarks/media.py --quick    # 60 images, 24 clips

Each stage is timed on its own: reading (decode, EXIF, checks; for sounds decode + resample),
thumbnails, embedding (the model; batches of 32 images / 8 clips), and a second embedding
call that reads the disk cache. The tiny models (16-d, 2 layers) measure the pipeline around
the model, not a real model: clip-ViT-B-32 or laion/clap-htsat-unfused spend far longer in
the model itself (and their first load downloads hundreds of MB).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["EMBEDLAB_CACHE_DIR"] = tempfile.mkdtemp(prefix="embedlab-bench-")

from embedlab.media import (  # noqa: E402
    embed_clips_cached,
    embed_images_cached,
    load_media_model,
    read_clips,
    read_images,
    thumbnail,
)
from tests.media_fixtures import build_clap_folder, build_clip_folder  # noqa: E402


def photos_zip(n: int, *, size: tuple[int, int] = (2048, 1536)) -> bytes:
    """A ZIP of ``n`` JPEG photos-sized images (smooth colour noise, like a photo to a codec)."""
    from PIL import Image

    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for i in range(n):
            small = rng.integers(0, 255, (12, 16, 3), dtype=np.uint8)
            img = Image.fromarray(small).resize(size, Image.Resampling.BICUBIC)
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85)
            archive.writestr(f"fotos/{i:04d}.jpg", out.getvalue())
    return buf.getvalue()


def clips_zip(n: int, *, seconds: float = 5.0, rate: int = 44_100) -> bytes:
    """A ZIP of ``n`` WAV clips (tones with noise) at 44.1 kHz."""
    import soundfile as sf

    rng = np.random.default_rng(0)
    t = np.arange(int(seconds * rate)) / rate
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for i in range(n):
            samples = 0.3 * np.sin(2 * np.pi * (100 + 20 * i) * t) + 0.05 * rng.normal(size=len(t))
            out = io.BytesIO()
            sf.write(out, samples.astype(np.float32), rate, format="WAV")
            archive.writestr(f"sons/{i:04d}.wav", out.getvalue())
    return buf.getvalue()


def timed(f, *args, **kwargs):
    started = time.perf_counter()
    result = f(*args, **kwargs)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n_images, n_clips = (60, 24) if args.quick else (300, 120)
    import torch

    print(f"torch threads: {torch.get_num_threads()}; cores: {os.cpu_count()}")
    folder = Path(tempfile.mkdtemp(prefix="embedlab-tiny-"))
    (clip_model, seconds) = timed(lambda: load_media_model(str(build_clip_folder(folder / "clip"))))
    print(f"tiny CLIP built + loaded in {seconds:.1f} s (dim {clip_model.dim})")

    data = photos_zip(n_images)
    found, t_read = timed(read_images, [("fotos.zip", data)])
    _, t_thumbs = timed(lambda: [thumbnail(img) for img in found.images])
    first, t_embed = timed(embed_images_cached, clip_model, found.images, found.digests)
    again, t_cached = timed(embed_images_cached, clip_model, found.images, found.digests)
    assert again.from_cache and not first.from_cache
    n = len(found)
    print(f"\nImages: {n} JPEG 2048x1536 in a {len(data) / 2**20:.1f} MB ZIP")
    print(f"  read + check + EXIF   {n / t_read:8.1f} images/s")
    print(f"  thumbnails (96 px)    {n / t_thumbs:8.1f} images/s")
    print(f"  embed (tiny CLIP)     {n / t_embed:8.1f} images/s")
    print(f"  from the disk cache   {t_cached * 1000:8.1f} ms for all")
    total = t_read + t_thumbs + t_embed
    print(f"  first upload, all     {n / total:8.1f} images/s ({total:.1f} s)")

    (clap_model, seconds) = timed(lambda: load_media_model(str(build_clap_folder(folder / "clap"))))
    print(f"\ntiny CLAP built + loaded in {seconds:.1f} s (rate {clap_model.sampling_rate} Hz)")
    data = clips_zip(n_clips)
    clips, t_read = timed(
        read_clips, [("sons.zip", data)], sampling_rate=clap_model.sampling_rate,
        max_seconds=clap_model.max_seconds,
    )  # fmt: skip
    first, t_embed = timed(embed_clips_cached, clap_model, clips.clips, clips.digests)
    again, t_cached = timed(embed_clips_cached, clap_model, clips.clips, clips.digests)
    assert again.from_cache and not first.from_cache
    n = len(clips)
    print(f"Sounds: {n} WAV clips of 5 s at 44.1 kHz ({len(data) / 2**20:.1f} MB ZIP)")
    print(f"  read + resample       {n / t_read:8.1f} clips/s")
    print(f"  embed (tiny CLAP)     {n / t_embed:8.1f} clips/s")
    print(f"  from the disk cache   {t_cached * 1000:8.1f} ms for all")
    total = t_read + t_embed
    print(f"  first upload, all     {n / total:8.1f} clips/s ({total:.1f} s)")
    print("\nReal models are much slower per item: the tiny ones have 2 layers and 16-d outputs.")


if __name__ == "__main__":
    main()
