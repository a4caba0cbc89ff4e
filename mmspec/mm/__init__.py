"""The model of the Linux memory manager: one module per kernel file, pure functions over a Kernel state."""
