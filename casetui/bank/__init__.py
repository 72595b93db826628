"""Bank statements: payments read from the bank, matched to their cases and recorded.

    loaded = run.load_statements(paths, run.ReadOptions())   # read + balances, all files
    results = run.process(ledger, loaded, country="BE")      # match, record file by file

Modules, in the order the data flows:
- `read` recognises the format and checks balances; `camt`, `coda`, `swift` (MT940, on the
  `mt-940` package) and `bankcsv` turn bytes into `records.Statement`s of `Entry`s;
- `references` finds valid structured references (OGM, RF, betalingskenmerk) in fields and
  text; `index` builds the look-ups (references, accounts, names, recorded entries);
- `matching` applies the rules in order; `record` writes payments, closings, returns and the
  payer's account in one commit per file; `run` ties a run together, `report` prints it;
- `review` serves the app's bank screen: proposals, chosen cases, undo.

No UI here: the CLI (`casetui.cli.bank`) and the app (`casetui.tui.screens.bank`) use it.
"""
