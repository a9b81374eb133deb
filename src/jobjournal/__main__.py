from jobjournal.entry import run

run()
