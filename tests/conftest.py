from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

import sys

sys.path.insert(0, str(Path(__file__).resolve().parent))
