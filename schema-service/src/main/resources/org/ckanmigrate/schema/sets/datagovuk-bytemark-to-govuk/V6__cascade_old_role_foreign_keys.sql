-- The pre-2.0 authorisation tables must follow a deleted user, so the next step can delete users.
ALTER TABLE user_object_role
  DROP CONSTRAINT IF EXISTS user_object_role_user_id_fkey,
  ADD CONSTRAINT user_object_role_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES "user"(id) ON DELETE CASCADE;

ALTER TABLE package_role
  DROP CONSTRAINT IF EXISTS package_role_user_object_role_id_fkey,
  ADD CONSTRAINT package_role_user_object_role_id_fkey
    FOREIGN KEY (user_object_role_id) REFERENCES user_object_role(id) ON DELETE CASCADE;

ALTER TABLE group_role
  DROP CONSTRAINT IF EXISTS group_role_user_object_role_id_fkey,
  ADD CONSTRAINT group_role_user_object_role_id_fkey
    FOREIGN KEY (user_object_role_id) REFERENCES user_object_role(id) ON DELETE CASCADE;

ALTER TABLE system_role
  DROP CONSTRAINT IF EXISTS system_role_user_object_role_id_fkey,
  ADD CONSTRAINT system_role_user_object_role_id_fkey
    FOREIGN KEY (user_object_role_id) REFERENCES user_object_role(id) ON DELETE CASCADE;
