"""Accounts: the second step of signing in (an authenticator app's code, issue 20 point 2) and each
person's open sessions (issue 20 point 3). Part of the core package: it imports no app."""
