// name: orgs_by_alias
// description: organisations that carry one of $names as their name or as a spelling seen before.
MATCH (o:Organization)
WHERE o.name IN $names OR any(a IN coalesce(o.aliases, []) WHERE a IN $names)
RETURN o.id AS id, o.name AS name, o.name_norm AS name_norm, o.kind AS kind, coalesce(o.aliases, []) AS aliases
