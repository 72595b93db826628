"""The dossier of a case (issue 17): documents attached to it, and the bundle a lawyer, an
agency or a bailiff receives (history, letters as sent, attachments, evidence, a manifest
of checksums) and can check.

- `attach`: attaching files to a case (kept by checksum in `evidence/`, an `attached` event).
- `names`: file names made safe to show, and to put inside a zip.
- `bundle`: a case's (or a debtor's) bundle as reproducible zip bytes.
- `reading`: verifying a bundle, and refusing a hostile one.
- `checks`: the attachments' check for the ledger's integrity verification.
- `heads`: the chain head a bundle's manifest names for each case.
- `viewer`: opening a kept file with the system's viewer.
"""
