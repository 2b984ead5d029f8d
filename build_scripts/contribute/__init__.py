"""For contributors and maintainers: the plan skeleton, Excel intake, the canonical descriptor form,
CODEOWNERS, and freezing an edition of the investment map."""
