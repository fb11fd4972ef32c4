"""The two staff groups. The migration `backoffice/0001_staff_groups` creates them with
their permissions; changing what a group may do takes a new migration."""

SUPPORT = "Support"
FINANCE = "Finance"
