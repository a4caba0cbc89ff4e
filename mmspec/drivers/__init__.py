"""The model's character devices: presets, their ->mmap methods and their fault handlers."""
