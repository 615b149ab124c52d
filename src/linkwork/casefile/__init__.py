"""The case file: one case with everything the domain apps hang off it, as the case page,
the API's answer for a case and the timeline of both.

It sits above referrals, directory and outcomes and below reporting (decision 43), so it
can name every source of the timeline and every panel of the case page, where casework,
below them, could not."""
