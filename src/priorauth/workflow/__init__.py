"""The prior-authorization workflow: receive, decide, pend, answer, review; due times and CMS metrics."""
