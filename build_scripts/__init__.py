"""Publisher for the 地域未来戦略 plans: load → validate → derive → render/write → mkdocs."""
