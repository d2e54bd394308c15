"""The pages a placeholder line makes: {{ credits() }} (credits.py) and {{ downloads() }}
(downloads.py, with the offline zip's slot)."""
