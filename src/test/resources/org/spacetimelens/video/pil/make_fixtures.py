"""Reference outputs of Pillow's bilinear resize for PilBilinearTest.

Run with Debian's python3-pil (Pillow 9.4): python3 make_fixtures.py
Writes PNG inputs and the images Pillow produces from them; the test checks the Java port
reproduces them bit for bit. The HF case mirrors transformers' image_transforms: resize the
shortest edge to S (long side int(S * long / short)) with PIL BILINEAR, then centre-crop C with
top = (h - C) // 2, left = (w - C) // 2.
"""
import numpy as np
from PIL import Image

rng = np.random.default_rng(20240611)


def save(name, array):
    Image.fromarray(array.astype(np.uint8), "RGB").save(name)


def noise(w, h):
    # Smooth gradients plus noise: exercises both rounding and large steps.
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([x * 255 / max(w - 1, 1), y * 255 / max(h - 1, 1), (x + y) * 127 / max(w + h - 2, 1)], -1)
    return np.clip(base + rng.integers(-60, 61, (h, w, 3)), 0, 255).astype(np.uint8)


cases = {
    "down": (noise(37, 23), (21, 13)),      # non-integer downscale, both axes
    "down_wide": (noise(97, 41), (31, 13)),  # strong downscale, ksize > 3
    "up": (noise(10, 7), (23, 16)),         # upscale both axes
    "mixed": (noise(40, 9), (17, 12)),      # down horizontally, up vertically
    "same_height": (noise(30, 16), (19, 16)),  # only the horizontal pass runs
}
for name, (src, size) in cases.items():
    save(f"{name}_in.png", src)
    out = np.asarray(Image.fromarray(src, "RGB").resize(size, resample=Image.BILINEAR))
    save(f"{name}_out.png", out)

# HF TimesformerImageProcessor steps on a 37x23 frame, S = 16, crop 12.
src = np.asarray(Image.open("down_in.png").convert("RGB"))
h, w = src.shape[:2]
short, long = min(w, h), max(w, h)
new_long = int(16 * long / short)
rw, rh = (new_long, 16) if w > h else (16, new_long)
resized = np.asarray(Image.fromarray(src, "RGB").resize((rw, rh), resample=Image.BILINEAR))
top, left = (rh - 12) // 2, (rw - 12) // 2
save("hf_crop_out.png", resized[top:top + 12, left:left + 12])
# Normalised tensor values (float32 as HF computes them) for the crop, mean 0.45 / std 0.225.
x = (resized[top:top + 12, left:left + 12].astype(np.float64) * (1 / 255)).astype(np.float32)
x = (x - np.array([0.45] * 3, np.float32)) / np.array([0.225] * 3, np.float32)
np.savetxt("hf_crop_normalised.txt", x.transpose(2, 0, 1).reshape(-1), fmt="%.9g")
print(Image.__version__ if hasattr(Image, "__version__") else "", "done")
