-- c2pro 003: referential integrity (seed CE-24). Constraint names follow PostgreSQL's default
-- <table>_<column>_fkey, which the seed's checks look for (users_tenant_id_fkey, ...).

ALTER TABLE users ADD CONSTRAINT users_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE projects ADD CONSTRAINT projects_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE projects ADD CONSTRAINT projects_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE documents ADD CONSTRAINT documents_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE documents ADD CONSTRAINT documents_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE documents ADD CONSTRAINT documents_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE clauses ADD CONSTRAINT clauses_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE clauses ADD CONSTRAINT clauses_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE;
ALTER TABLE analyses ADD CONSTRAINT analyses_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE analyses ADD CONSTRAINT analyses_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE analyses ADD CONSTRAINT analyses_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE SET NULL;
ALTER TABLE alerts ADD CONSTRAINT alerts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE alerts ADD CONSTRAINT alerts_analysis_id_fkey FOREIGN KEY (analysis_id) REFERENCES analyses (id) ON DELETE CASCADE;
ALTER TABLE alerts ADD CONSTRAINT alerts_source_clause_id_fkey FOREIGN KEY (source_clause_id) REFERENCES clauses (id) ON DELETE SET NULL;
ALTER TABLE extractions ADD CONSTRAINT extractions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE extractions ADD CONSTRAINT extractions_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE;
ALTER TABLE extractions ADD CONSTRAINT extractions_clause_id_fkey FOREIGN KEY (clause_id) REFERENCES clauses (id) ON DELETE SET NULL;
ALTER TABLE stakeholders ADD CONSTRAINT stakeholders_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE stakeholders ADD CONSTRAINT stakeholders_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE wbs_items ADD CONSTRAINT wbs_items_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE wbs_items ADD CONSTRAINT wbs_items_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE wbs_items ADD CONSTRAINT wbs_items_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES wbs_items (id) ON DELETE CASCADE;
ALTER TABLE bom_items ADD CONSTRAINT bom_items_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE bom_items ADD CONSTRAINT bom_items_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE bom_items ADD CONSTRAINT bom_items_wbs_item_id_fkey FOREIGN KEY (wbs_item_id) REFERENCES wbs_items (id) ON DELETE SET NULL;
ALTER TABLE stakeholder_wbs_raci ADD CONSTRAINT stakeholder_wbs_raci_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE stakeholder_wbs_raci ADD CONSTRAINT stakeholder_wbs_raci_stakeholder_id_fkey FOREIGN KEY (stakeholder_id) REFERENCES stakeholders (id) ON DELETE CASCADE;
ALTER TABLE stakeholder_wbs_raci ADD CONSTRAINT stakeholder_wbs_raci_wbs_item_id_fkey FOREIGN KEY (wbs_item_id) REFERENCES wbs_items (id) ON DELETE CASCADE;
ALTER TABLE ai_usage_logs ADD CONSTRAINT ai_usage_logs_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE ai_usage_logs ADD CONSTRAINT ai_usage_logs_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE ai_usage_logs ADD CONSTRAINT ai_usage_logs_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE SET NULL;
