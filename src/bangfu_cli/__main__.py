from bangfu_cli.cli.app import main

main()
