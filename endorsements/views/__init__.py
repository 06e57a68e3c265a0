"""Pages of the endorsements app: ``apply`` (the candidate's application), ``review``
(directors, committee, staff), ``public`` (the public endorsements pages and results)."""
