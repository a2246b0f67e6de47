-- CKAN 2.9-era keys, indexes and foreign keys.
ALTER TABLE ONLY activity_detail
    ADD CONSTRAINT activity_detail_pkey PRIMARY KEY (id);

ALTER TABLE ONLY activity
    ADD CONSTRAINT activity_pkey PRIMARY KEY (id);

ALTER TABLE ONLY alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);

ALTER TABLE ONLY api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dashboard
    ADD CONSTRAINT dashboard_pkey PRIMARY KEY (user_id);

ALTER TABLE ONLY group_extra
    ADD CONSTRAINT group_extra_pkey PRIMARY KEY (id);

ALTER TABLE ONLY group_extra_revision
    ADD CONSTRAINT group_extra_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY "group"
    ADD CONSTRAINT group_name_key UNIQUE (name);

ALTER TABLE ONLY "group"
    ADD CONSTRAINT group_pkey PRIMARY KEY (id);

ALTER TABLE ONLY group_revision
    ADD CONSTRAINT group_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY member
    ADD CONSTRAINT member_pkey PRIMARY KEY (id);

ALTER TABLE ONLY member_revision
    ADD CONSTRAINT member_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY package_extra
    ADD CONSTRAINT package_extra_pkey PRIMARY KEY (id);

ALTER TABLE ONLY package_extra_revision
    ADD CONSTRAINT package_extra_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY package_member
    ADD CONSTRAINT package_member_pkey PRIMARY KEY (package_id, user_id);

ALTER TABLE ONLY package
    ADD CONSTRAINT package_name_key UNIQUE (name);

ALTER TABLE ONLY package
    ADD CONSTRAINT package_pkey PRIMARY KEY (id);

ALTER TABLE ONLY package_relationship
    ADD CONSTRAINT package_relationship_pkey PRIMARY KEY (id);

ALTER TABLE ONLY package_relationship_revision
    ADD CONSTRAINT package_relationship_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY package_revision
    ADD CONSTRAINT package_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY package_tag
    ADD CONSTRAINT package_tag_pkey PRIMARY KEY (id);

ALTER TABLE ONLY package_tag_revision
    ADD CONSTRAINT package_tag_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY rating
    ADD CONSTRAINT rating_pkey PRIMARY KEY (id);

ALTER TABLE ONLY resource
    ADD CONSTRAINT resource_pkey PRIMARY KEY (id);

ALTER TABLE ONLY resource_revision
    ADD CONSTRAINT resource_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY resource_view
    ADD CONSTRAINT resource_view_pkey PRIMARY KEY (id);

ALTER TABLE ONLY revision
    ADD CONSTRAINT revision_pkey PRIMARY KEY (id);

ALTER TABLE ONLY system_info
    ADD CONSTRAINT system_info_key_key UNIQUE (key);

ALTER TABLE ONLY system_info
    ADD CONSTRAINT system_info_pkey PRIMARY KEY (id);

ALTER TABLE ONLY system_info_revision
    ADD CONSTRAINT system_info_revision_pkey PRIMARY KEY (id, revision_id);

ALTER TABLE ONLY tag
    ADD CONSTRAINT tag_name_vocabulary_id_key UNIQUE (name, vocabulary_id);

ALTER TABLE ONLY tag
    ADD CONSTRAINT tag_pkey PRIMARY KEY (id);

ALTER TABLE ONLY task_status
    ADD CONSTRAINT task_status_entity_id_task_type_key_key UNIQUE (entity_id, task_type, key);

ALTER TABLE ONLY task_status
    ADD CONSTRAINT task_status_pkey PRIMARY KEY (id);

ALTER TABLE ONLY user_following_dataset
    ADD CONSTRAINT user_following_dataset_pkey PRIMARY KEY (follower_id, object_id);

ALTER TABLE ONLY user_following_group
    ADD CONSTRAINT user_following_group_pkey PRIMARY KEY (follower_id, object_id);

ALTER TABLE ONLY user_following_user
    ADD CONSTRAINT user_following_user_pkey PRIMARY KEY (follower_id, object_id);

ALTER TABLE ONLY "user"
    ADD CONSTRAINT user_name_key UNIQUE (name);

ALTER TABLE ONLY "user"
    ADD CONSTRAINT user_pkey PRIMARY KEY (id);

ALTER TABLE ONLY vocabulary
    ADD CONSTRAINT vocabulary_name_key UNIQUE (name);

ALTER TABLE ONLY vocabulary
    ADD CONSTRAINT vocabulary_pkey PRIMARY KEY (id);

CREATE INDEX idx_activity_detail_activity_id ON activity_detail USING btree (activity_id);

CREATE INDEX idx_activity_object_id ON activity USING btree (object_id, "timestamp");

CREATE INDEX idx_activity_user_id ON activity USING btree (user_id, "timestamp");

CREATE INDEX idx_extra_grp_id_pkg_id ON member USING btree (group_id, table_id);

CREATE INDEX idx_extra_id_pkg_id ON package_extra USING btree (id, package_id);

CREATE INDEX idx_extra_pkg_id ON package_extra USING btree (package_id);

CREATE INDEX idx_group_current ON group_revision USING btree (current);

CREATE INDEX idx_group_extra_current ON group_extra_revision USING btree (current);

CREATE INDEX idx_group_extra_group_id ON group_extra USING btree (group_id);

CREATE INDEX idx_group_extra_period ON group_extra_revision USING btree (revision_timestamp, expired_timestamp, id);

CREATE INDEX idx_group_extra_period_group ON group_extra_revision USING btree (revision_timestamp, expired_timestamp, group_id);

CREATE INDEX idx_group_id ON "group" USING btree (id);

CREATE INDEX idx_group_name ON "group" USING btree (name);

CREATE INDEX idx_group_period ON group_revision USING btree (revision_timestamp, expired_timestamp, id);

CREATE INDEX idx_group_pkg_id ON member USING btree (table_id);

CREATE INDEX idx_member_continuity_id ON member_revision USING btree (continuity_id);

CREATE INDEX idx_package_continuity_id ON package_revision USING btree (continuity_id);

CREATE INDEX idx_package_creator_user_id ON package USING btree (creator_user_id);

CREATE INDEX idx_package_current ON package_revision USING btree (current);

CREATE INDEX idx_package_extra_continuity_id ON package_extra_revision USING btree (continuity_id);

CREATE INDEX idx_package_extra_current ON package_extra_revision USING btree (current);

CREATE INDEX idx_package_extra_package_id ON package_extra_revision USING btree (package_id, current);

CREATE INDEX idx_package_extra_period ON package_extra_revision USING btree (revision_timestamp, expired_timestamp, id);

CREATE INDEX idx_package_extra_period_package ON package_extra_revision USING btree (revision_timestamp, expired_timestamp, package_id);

CREATE INDEX idx_package_extra_rev_id ON package_extra_revision USING btree (revision_id);

CREATE INDEX idx_package_group_current ON member_revision USING btree (current);

CREATE INDEX idx_package_group_group_id ON member USING btree (group_id);

CREATE INDEX idx_package_group_id ON member USING btree (id);

CREATE INDEX idx_package_group_period_package_group ON member_revision USING btree (revision_timestamp, expired_timestamp, table_id, group_id);

CREATE INDEX idx_package_group_pkg_id ON member USING btree (table_id);

CREATE INDEX idx_package_group_pkg_id_group_id ON member USING btree (group_id, table_id);

CREATE INDEX idx_package_period ON package_revision USING btree (revision_timestamp, expired_timestamp, id);

CREATE INDEX idx_package_relationship_current ON package_relationship_revision USING btree (current);

CREATE INDEX idx_package_resource_id ON resource USING btree (id);

CREATE INDEX idx_package_resource_package_id ON resource USING btree (package_id);

CREATE INDEX idx_package_resource_rev_id ON resource_revision USING btree (revision_id);

CREATE INDEX idx_package_resource_url ON resource USING btree (url);

CREATE INDEX idx_package_tag_continuity_id ON package_tag_revision USING btree (continuity_id);

CREATE INDEX idx_package_tag_current ON package_tag_revision USING btree (current);

CREATE INDEX idx_package_tag_id ON package_tag USING btree (id);

CREATE INDEX idx_package_tag_pkg_id ON package_tag USING btree (package_id);

CREATE INDEX idx_package_tag_pkg_id_tag_id ON package_tag USING btree (tag_id, package_id);

CREATE INDEX idx_package_tag_revision_id ON package_tag_revision USING btree (id);

CREATE INDEX idx_package_tag_revision_pkg_id ON package_tag_revision USING btree (package_id);

CREATE INDEX idx_package_tag_revision_pkg_id_tag_id ON package_tag_revision USING btree (tag_id, package_id);

CREATE INDEX idx_package_tag_revision_rev_id ON package_tag_revision USING btree (revision_id);

CREATE INDEX idx_package_tag_revision_tag_id ON package_tag_revision USING btree (tag_id);

CREATE INDEX idx_package_tag_tag_id ON package_tag USING btree (tag_id);

CREATE INDEX idx_period_package_relationship ON package_relationship_revision USING btree (revision_timestamp, expired_timestamp, object_package_id, subject_package_id);

CREATE INDEX idx_period_package_tag ON package_tag_revision USING btree (revision_timestamp, expired_timestamp, package_id, tag_id);

CREATE INDEX idx_pkg_id ON package USING btree (id);

CREATE INDEX idx_pkg_lname ON package USING btree (lower((name)::text));

CREATE INDEX idx_pkg_name ON package USING btree (name);

CREATE INDEX idx_pkg_revision_id ON package_revision USING btree (id);

CREATE INDEX idx_pkg_revision_name ON package_revision USING btree (name);

CREATE INDEX idx_pkg_revision_rev_id ON package_revision USING btree (revision_id);

CREATE INDEX idx_pkg_sid ON package USING btree (id, state);

CREATE INDEX idx_pkg_slname ON package USING btree (lower((name)::text), state);

CREATE INDEX idx_pkg_sname ON package USING btree (name, state);

CREATE INDEX idx_pkg_stitle ON package USING btree (title, state);

CREATE INDEX idx_pkg_suname ON package USING btree (upper((name)::text), state);

CREATE INDEX idx_pkg_title ON package USING btree (title);

CREATE INDEX idx_pkg_uname ON package USING btree (upper((name)::text));

CREATE INDEX idx_rating_id ON rating USING btree (id);

CREATE INDEX idx_rating_package_id ON rating USING btree (package_id);

CREATE INDEX idx_rating_user_id ON rating USING btree (user_id);

CREATE INDEX idx_resource_continuity_id ON resource_revision USING btree (continuity_id);

CREATE INDEX idx_resource_current ON resource_revision USING btree (current);

CREATE INDEX idx_resource_period ON resource_revision USING btree (revision_timestamp, expired_timestamp, id);

CREATE INDEX idx_rev_state ON revision USING btree (state);

CREATE INDEX idx_revision_author ON revision USING btree (author);

CREATE INDEX idx_tag_id ON tag USING btree (id);

CREATE INDEX idx_tag_name ON tag USING btree (name);

CREATE INDEX idx_user_id ON "user" USING btree (id);

CREATE INDEX idx_user_name ON "user" USING btree (name);

CREATE INDEX idx_user_name_index ON "user" USING btree ((
CASE
    WHEN ((fullname IS NULL) OR (fullname = ''::text)) THEN name
    ELSE fullname
END));

CREATE INDEX term ON term_translation USING btree (term);

CREATE INDEX term_lang ON term_translation USING btree (term, lang_code);

CREATE INDEX tracking_raw_access_timestamp ON tracking_raw USING btree (access_timestamp);

CREATE INDEX tracking_raw_url ON tracking_raw USING btree (url);

CREATE INDEX tracking_raw_user_key ON tracking_raw USING btree (user_key);

CREATE INDEX tracking_summary_date ON tracking_summary USING btree (tracking_date);

CREATE INDEX tracking_summary_package_id ON tracking_summary USING btree (package_id);

CREATE INDEX tracking_summary_url ON tracking_summary USING btree (url);

ALTER TABLE ONLY activity_detail
    ADD CONSTRAINT activity_detail_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES activity(id);

ALTER TABLE ONLY api_token
    ADD CONSTRAINT api_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user"(id);

ALTER TABLE ONLY dashboard
    ADD CONSTRAINT dashboard_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY group_extra
    ADD CONSTRAINT group_extra_group_id_fkey FOREIGN KEY (group_id) REFERENCES "group"(id);

ALTER TABLE ONLY group_extra_revision
    ADD CONSTRAINT group_extra_revision_group_id_fkey FOREIGN KEY (group_id) REFERENCES "group"(id);

ALTER TABLE ONLY group_extra_revision
    ADD CONSTRAINT group_extra_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY group_revision
    ADD CONSTRAINT group_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY member
    ADD CONSTRAINT member_group_id_fkey FOREIGN KEY (group_id) REFERENCES "group"(id);

ALTER TABLE ONLY member_revision
    ADD CONSTRAINT member_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY package_extra
    ADD CONSTRAINT package_extra_package_id_fkey FOREIGN KEY (package_id) REFERENCES package(id);

ALTER TABLE ONLY package_extra_revision
    ADD CONSTRAINT package_extra_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY package_member
    ADD CONSTRAINT package_member_package_id_fkey FOREIGN KEY (package_id) REFERENCES package(id);

ALTER TABLE ONLY package_member
    ADD CONSTRAINT package_member_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user"(id);

ALTER TABLE ONLY package_relationship
    ADD CONSTRAINT package_relationship_object_package_id_fkey FOREIGN KEY (object_package_id) REFERENCES package(id);

ALTER TABLE ONLY package_relationship_revision
    ADD CONSTRAINT package_relationship_revision_continuity_id_fkey FOREIGN KEY (continuity_id) REFERENCES package_relationship(id);

ALTER TABLE ONLY package_relationship_revision
    ADD CONSTRAINT package_relationship_revision_object_package_id_fkey FOREIGN KEY (object_package_id) REFERENCES package(id);

ALTER TABLE ONLY package_relationship_revision
    ADD CONSTRAINT package_relationship_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY package_relationship_revision
    ADD CONSTRAINT package_relationship_revision_subject_package_id_fkey FOREIGN KEY (subject_package_id) REFERENCES package(id);

ALTER TABLE ONLY package_relationship
    ADD CONSTRAINT package_relationship_subject_package_id_fkey FOREIGN KEY (subject_package_id) REFERENCES package(id);

ALTER TABLE ONLY package_revision
    ADD CONSTRAINT package_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY package_tag
    ADD CONSTRAINT package_tag_package_id_fkey FOREIGN KEY (package_id) REFERENCES package(id);

ALTER TABLE ONLY package_tag_revision
    ADD CONSTRAINT package_tag_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY package_tag_revision
    ADD CONSTRAINT package_tag_revision_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tag(id);

ALTER TABLE ONLY package_tag
    ADD CONSTRAINT package_tag_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tag(id);

ALTER TABLE ONLY rating
    ADD CONSTRAINT rating_package_id_fkey FOREIGN KEY (package_id) REFERENCES package(id);

ALTER TABLE ONLY rating
    ADD CONSTRAINT rating_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user"(id);

ALTER TABLE ONLY resource_revision
    ADD CONSTRAINT resource_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY resource_view
    ADD CONSTRAINT resource_view_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES resource(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY system_info_revision
    ADD CONSTRAINT system_info_revision_continuity_id_fkey FOREIGN KEY (continuity_id) REFERENCES system_info(id);

ALTER TABLE ONLY system_info_revision
    ADD CONSTRAINT system_info_revision_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES revision(id);

ALTER TABLE ONLY tag
    ADD CONSTRAINT tag_vocabulary_id_fkey FOREIGN KEY (vocabulary_id) REFERENCES vocabulary(id);

ALTER TABLE ONLY user_following_dataset
    ADD CONSTRAINT user_following_dataset_follower_id_fkey FOREIGN KEY (follower_id) REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY user_following_dataset
    ADD CONSTRAINT user_following_dataset_object_id_fkey FOREIGN KEY (object_id) REFERENCES package(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY user_following_group
    ADD CONSTRAINT user_following_group_group_id_fkey FOREIGN KEY (object_id) REFERENCES "group"(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY user_following_group
    ADD CONSTRAINT user_following_group_user_id_fkey FOREIGN KEY (follower_id) REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY user_following_user
    ADD CONSTRAINT user_following_user_follower_id_fkey FOREIGN KEY (follower_id) REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY user_following_user
    ADD CONSTRAINT user_following_user_object_id_fkey FOREIGN KEY (object_id) REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE;

-- ckanext-harvest keys and indexes.
ALTER TABLE ONLY harvest_source
    ADD CONSTRAINT harvest_source_pkey PRIMARY KEY (id);
ALTER TABLE ONLY harvest_job
    ADD CONSTRAINT harvest_job_pkey PRIMARY KEY (id);
ALTER TABLE ONLY harvest_object
    ADD CONSTRAINT harvest_object_pkey PRIMARY KEY (id);
ALTER TABLE ONLY harvest_object_extra
    ADD CONSTRAINT harvest_object_extra_pkey PRIMARY KEY (id);
ALTER TABLE ONLY harvest_gather_error
    ADD CONSTRAINT harvest_gather_error_pkey PRIMARY KEY (id);
ALTER TABLE ONLY harvest_object_error
    ADD CONSTRAINT harvest_object_error_pkey PRIMARY KEY (id);
CREATE INDEX harvest_job_id_idx ON harvest_object USING btree (harvest_job_id);
ALTER TABLE ONLY harvest_job
    ADD CONSTRAINT harvest_job_source_id_fkey FOREIGN KEY (source_id) REFERENCES harvest_source(id);
ALTER TABLE ONLY harvest_object
    ADD CONSTRAINT harvest_object_harvest_job_id_fkey FOREIGN KEY (harvest_job_id) REFERENCES harvest_job(id);
ALTER TABLE ONLY harvest_object
    ADD CONSTRAINT harvest_object_harvest_source_id_fkey FOREIGN KEY (harvest_source_id) REFERENCES harvest_source(id);
ALTER TABLE ONLY harvest_object
    ADD CONSTRAINT harvest_object_package_id_fkey FOREIGN KEY (package_id) REFERENCES package(id) DEFERRABLE;
ALTER TABLE ONLY harvest_object_extra
    ADD CONSTRAINT harvest_object_extra_harvest_object_id_fkey FOREIGN KEY (harvest_object_id) REFERENCES harvest_object(id);
ALTER TABLE ONLY harvest_gather_error
    ADD CONSTRAINT harvest_gather_error_harvest_job_id_fkey FOREIGN KEY (harvest_job_id) REFERENCES harvest_job(id);
ALTER TABLE ONLY harvest_object_error
    ADD CONSTRAINT harvest_object_error_harvest_object_id_fkey FOREIGN KEY (harvest_object_id) REFERENCES harvest_object(id);
ALTER TABLE ONLY harvest_log
    ADD CONSTRAINT harvest_log_pkey PRIMARY KEY (id);
CREATE INDEX harvest_source_id_idx ON harvest_object USING btree (harvest_source_id);
CREATE INDEX package_id_idx ON harvest_object USING btree (package_id);
CREATE INDEX guid_idx ON harvest_object USING btree (guid);
CREATE INDEX harvest_object_id_idx ON harvest_object_extra USING btree (harvest_object_id);
CREATE INDEX harvest_error_harvest_object_id_idx ON harvest_object_error USING btree (harvest_object_id);
