"""One migration per schema change, each written or reviewed by hand."""
