"""Domain rules of SafeGrid: plain Python that knows nothing of Telegram."""
