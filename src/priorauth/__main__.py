from priorauth.cli.main import app

app()
