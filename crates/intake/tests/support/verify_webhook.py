"""Verifies a Standard Webhooks signature with the specification's reference library.

Reads {"secret", "headers", "body"} as JSON on stdin; prints the verified payload's JSON and
exits 0, or prints the library's error and exits 1.
"""

import json
import sys

from standardwebhooks.webhooks import Webhook

given = json.load(sys.stdin)
try:
    payload = Webhook(given["secret"]).verify(given["body"], given["headers"])
except Exception as e:  # the library raises WebhookVerificationError
    print(f"{type(e).__name__}: {e}")
    sys.exit(1)
print(json.dumps(payload))
