"""Pictures the bot makes or passes on: CJK fonts, printable posters, cleaned photos."""
