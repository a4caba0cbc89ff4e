"""The model's character devices: presets, their ->mmap methods and their fault handlers.

Importing the package loads the driver, which registers its file_operations and vm_operations tables
with mm/ (:mod:`mmspec.mm.ops`), as module_init() would.
"""

# Loads the driver, which registers its tables.
from mmspec.drivers import chardev as chardev
