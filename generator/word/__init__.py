"""From Word to the report format (gongkai import)."""
