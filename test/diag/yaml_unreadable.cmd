check unreadable.yml
