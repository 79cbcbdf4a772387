"""Materials of an offering: files and links, their versions and who opened them."""
