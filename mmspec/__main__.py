from mmspec.cli import main

main()
