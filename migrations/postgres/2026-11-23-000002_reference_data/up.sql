-- Reference data of the Conseiller numérique programme, present after `parcours migrate`.
-- Everything here is data an administrator may change later through the API.

INSERT INTO territories (code, name, timezone, overseas, position) VALUES
    ('FR', 'France métropolitaine', 'Europe/Paris', FALSE, 0),
    ('971', 'Guadeloupe', 'America/Guadeloupe', TRUE, 1),
    ('972', 'Martinique', 'America/Martinique', TRUE, 2),
    ('973', 'Guyane', 'America/Cayenne', TRUE, 3),
    ('974', 'La Réunion', 'Indian/Reunion', TRUE, 4),
    ('975', 'Saint-Pierre-et-Miquelon', 'America/Miquelon', TRUE, 5),
    ('976', 'Mayotte', 'Indian/Mayotte', TRUE, 6),
    ('977', 'Saint-Barthélemy', 'America/St_Barthelemy', TRUE, 7),
    ('978', 'Saint-Martin', 'America/Marigot', TRUE, 8),
    ('986', 'Wallis-et-Futuna', 'Pacific/Wallis', TRUE, 9),
    ('987', 'Polynésie française', 'Pacific/Tahiti', TRUE, 10),
    ('988', 'Nouvelle-Calédonie', 'Pacific/Noumea', TRUE, 11);

INSERT INTO organisations (slug, name, kind, territory_code, created_at, updated_at) VALUES
    ('anct', 'Agence nationale de la cohésion des territoires', 'national_coordinator', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('la-fabrik', 'La Fabrik', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('francilin', 'Francil''In', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('la-mednum', 'La Mednum', 'national_coordinator', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('histya', 'Histya', 'national_coordinator', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('simplon', 'Simplon.co', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('afpa', 'AFPA', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('hinaura', 'Hinaura', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('adea', 'ADEA', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('cefim', 'CEFIM', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('id-formations', 'ID Formations', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('pimms-mediation', 'Pimms Médiation', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('webforce3', 'WebForce3', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')),
    ('pop-school', 'Pop School', 'training_body', 'FR', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'));

INSERT INTO organisation_roles (organisation_id, role)
SELECT o.id, r.role FROM organisations o JOIN (
              SELECT 'anct' AS slug, 'national_coordinator' AS role
    UNION ALL SELECT 'la-fabrik', 'initial_training'
    UNION ALL SELECT 'la-fabrik', 'ccp1_exam_organiser'
    UNION ALL SELECT 'francilin', 'initial_training'
    UNION ALL SELECT 'francilin', 'ccp1_exam_organiser'
    UNION ALL SELECT 'la-mednum', 'national_coordinator'
    UNION ALL SELECT 'la-mednum', 'module_catalogue_owner'
    UNION ALL SELECT 'histya', 'national_coordinator'
    UNION ALL SELECT 'histya', 'initial_training'
    UNION ALL SELECT 'histya', 'ccp23_course_provider'
    UNION ALL SELECT 'simplon', 'initial_training'
    UNION ALL SELECT 'simplon', 'module_provider'
    UNION ALL SELECT 'simplon', 'ccp23_course_provider'
    UNION ALL SELECT 'afpa', 'initial_training'
    UNION ALL SELECT 'afpa', 'module_provider'
    UNION ALL SELECT 'afpa', 'ccp23_course_provider'
    UNION ALL SELECT 'hinaura', 'initial_training'
    UNION ALL SELECT 'hinaura', 'module_provider'
    UNION ALL SELECT 'adea', 'initial_training'
    UNION ALL SELECT 'adea', 'module_provider'
    UNION ALL SELECT 'cefim', 'initial_training'
    UNION ALL SELECT 'cefim', 'module_provider'
    UNION ALL SELECT 'id-formations', 'initial_training'
    UNION ALL SELECT 'id-formations', 'module_provider'
    UNION ALL SELECT 'pimms-mediation', 'initial_training'
    UNION ALL SELECT 'pimms-mediation', 'module_provider'
    UNION ALL SELECT 'webforce3', 'initial_training'
    UNION ALL SELECT 'webforce3', 'module_provider'
    UNION ALL SELECT 'pop-school', 'initial_training'
) r ON r.slug = o.slug;

-- Territories served: La Fabrik metropolitan France, Francil'In the overseas territories
-- (it took over from Pop School in September 2024), the national coordinators everywhere.
INSERT INTO organisation_territories (organisation_id, territory_code)
SELECT o.id, t.code FROM organisations o, territories t
WHERE (o.slug IN ('anct', 'la-mednum', 'histya'))
   OR (o.slug = 'francilin' AND t.overseas)
   OR (o.slug = 'pop-school' AND t.overseas)
   OR (o.slug NOT IN ('anct', 'la-mednum', 'histya', 'francilin', 'pop-school') AND NOT t.overseas);

-- Who coordinates whom: the ANCT every training body and the other national coordinators;
-- La Mednum the module providers;
-- Histya the CCP2-CCP3 course providers.
INSERT INTO organisation_coordinations (coordinator_id, organisation_id)
SELECT c.id, o.id FROM organisations c, organisations o
WHERE c.id <> o.id AND (
       (c.slug = 'anct' AND o.kind IN ('training_body', 'national_coordinator'))
    OR (c.slug = 'la-mednum' AND EXISTS (SELECT 1 FROM organisation_roles r WHERE r.organisation_id = o.id AND r.role = 'module_provider'))
    OR (c.slug = 'histya' AND EXISTS (SELECT 1 FROM organisation_roles r WHERE r.organisation_id = o.id AND r.role = 'ccp23_course_provider'))
);

INSERT INTO titles (code, name, version, valid_from, valid_until) VALUES
    ('TP-01336', 'Responsable d''espace de médiation numérique', '2019', '2019-01-01', '2025-07-01'),
    ('TP-01336', 'Médiateur numérique', '2025', '2025-07-01', NULL);

INSERT INTO certifications (title_id, code, name, position)
SELECT t.id, c.code, c.name, c.position FROM titles t, (
              SELECT 'CCP1' AS code, 'Accompagner différents publics vers l''autonomie dans les usages des technologies, services et médias numériques' AS name, 1 AS position
    UNION ALL SELECT 'CCP2', 'Contribuer au développement d''un espace de médiation numérique et de ses projets', 2
    UNION ALL SELECT 'CCP3', 'Contribuer à la gestion d''un espace de médiation numérique et animer ses projets collaboratifs', 3
) c;

INSERT INTO certifications (title_id, code, name, position) VALUES
    (NULL, 'PIX', 'Certification Pix', 4);

INSERT INTO positioning_scales (name, score_min, score_max, is_default) VALUES
    ('Test de positionnement (0–1024)', 0, 1024, TRUE);

-- Score thresholds are an example for the training bodies to adjust: beginners take the long track.
INSERT INTO tracks (name, hours, scale_id, score_min, score_max, active)
SELECT t.name, t.hours, s.id, t.score_min, t.score_max, TRUE FROM positioning_scales s, (
              SELECT 'Parcours long (315 h)' AS name, 315 AS hours, 0 AS score_min, 383 AS score_max
    UNION ALL SELECT 'Parcours intermédiaire (175 h)', 175, 384, 639
    UNION ALL SELECT 'Parcours court (70 h)', 70, 640, 1024
) t WHERE s.is_default;

-- Tracks of the earlier waves, kept for history and inactive.
INSERT INTO tracks (name, hours, active) VALUES
    ('Parcours 105 h (2021)', 105, FALSE),
    ('Parcours 280 h (2021)', 280, FALSE),
    ('Parcours 350 h (2021)', 350, FALSE),
    ('Parcours 420 h (2021)', 420, FALSE);

-- The thematic module catalogue. EXAMPLE DATA (example = TRUE): the themes the programme's
-- texts name and others in the same spirit, to be replaced by La Mednum's current catalogue.
INSERT INTO modules (owner_organisation_id, theme, title, description, hours, active, example, created_at, updated_at)
SELECT o.id, m.theme, m.title, m.description, m.hours, TRUE, TRUE, (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') FROM organisations o, (
              SELECT 'Parentalité numérique' AS theme, 'Accompagner les parents face aux usages numériques des enfants' AS title, 'Écrans, réseaux sociaux, contrôle parental et dialogue en famille.' AS description, 14 AS hours
    UNION ALL SELECT 'Handicap', 'Accompagner les publics en situation de handicap', 'Accessibilité numérique, outils d''assistance et posture d''accompagnement.', 14
    UNION ALL SELECT 'Numérique responsable', 'Sensibiliser au numérique responsable', 'Sobriété numérique, réemploi des équipements et impact environnemental.', 7
    UNION ALL SELECT 'Cybersécurité', 'Se protéger et protéger les usagers en ligne', 'Hameçonnage, mots de passe, arnaques et bons réflexes de sécurité.', 7
    UNION ALL SELECT 'Intelligence artificielle', 'Comprendre et faire comprendre l''intelligence artificielle', 'IA générative : usages, limites, enjeux éthiques et démonstrations.', 14
    UNION ALL SELECT 'Aidants Connect', 'Réaliser des démarches pour le compte d''un usager avec Aidants Connect', 'Mandat, cadre légal et pratique de l''outil Aidants Connect.', 7
    UNION ALL SELECT 'Intelligence artificielle', 'Animer un Café IA', 'Préparer et animer un temps d''échange citoyen sur l''intelligence artificielle.', 7
    UNION ALL SELECT 'Littératie', 'Accompagner les publics en situation d''illettrisme', 'Repérer l''illettrisme et adapter ses supports et sa médiation.', 14
    UNION ALL SELECT 'Accès aux droits', 'Accompagner les démarches administratives en ligne', 'Services publics en ligne, FranceConnect et accès aux droits.', 7
    UNION ALL SELECT 'Insertion professionnelle', 'Accompagner la recherche d''emploi en ligne', 'Candidatures, CV en ligne et outils de France Travail.', 7
    UNION ALL SELECT 'Données personnelles', 'Protéger ses données personnelles', 'RGPD, traces numériques et paramètres de confidentialité.', 7
    UNION ALL SELECT 'Information', 'Lutter contre la désinformation', 'Vérifier les sources, reconnaître les infox et l''éducation aux médias.', 7
    UNION ALL SELECT 'Publics exilés', 'Accompagner les personnes réfugiées et demandeuses d''asile', 'Barrière de la langue, démarches spécifiques et ressources traduites.', 14
    UNION ALL SELECT 'Seniors', 'Accompagner les seniors vers l''autonomie numérique', 'Pédagogie adaptée, équipement et lien social.', 7
    UNION ALL SELECT 'Santé', 'Accompagner les usages numériques en santé', 'Mon espace santé, téléconsultation et prise de rendez-vous en ligne.', 7
    UNION ALL SELECT 'Réseaux sociaux', 'Accompagner une pratique maîtrisée des réseaux sociaux', 'Paramétrage, harcèlement en ligne et usages excessifs.', 7
    UNION ALL SELECT 'Animation', 'Concevoir et animer un atelier collectif', 'Ingénierie pédagogique d''un atelier numérique de groupe.', 14
    UNION ALL SELECT 'Économie', 'Accompagner les petites entreprises et associations', 'Présence en ligne, outils collaboratifs et facturation électronique.', 7
) m WHERE o.slug = 'la-mednum';
