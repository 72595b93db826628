"""Letters by e-mail over the user's own SMTP server. Pure core: no UI imports.

- `addresses`: addresses and names safe for a header (no injection), checked;
- `settings`: the SMTP settings of the business profile, and what they lack;
- `secret`: the password, from `CASETUI_SMTP_PASSWORD` or the system keyring, never a file;
- `message`: one `EmailMessage` per letter (plain text, HTML, the PDF attached), as bytes;
- `server`: the SMTP connection (TLS verified), sending, and what the server said;
- `sending`: send a draft and record it only once the server accepted it, with proof;
- `due`: the letters due today that may go by e-mail (`casetui send --due`);
- `files`: the `.eml` files of an outbox and the evidence kept beside the ledger.
"""
