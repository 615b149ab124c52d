"""Managing people without the Django admin or a shell: administrators for their HSCP's
people (a national administrator for everyone), team leads for their team's link workers.
Who may do what to whom is decided in accounts/authorisation.py (MANAGE_PEOPLE, the
"accounts.User" scope, GRANTABLE_ROLES and GRANT_SCOPES); the writes are in services.py."""
