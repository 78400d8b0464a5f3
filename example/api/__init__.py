"""The example's API: one endpoint per kind of error, written as sync and as async views."""
