"""The book's tooling, apart from its analysis: what builds, checks and publishes the book."""
